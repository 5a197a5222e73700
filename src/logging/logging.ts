import { DynamicModule, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule, Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { redactSecrets } from './redact';

/** Where the logs go; the defaults suit `npm start` and production. */
export interface LogOutput {
  /** false: nothing is logged at all, whatever LOG_LEVEL says (tests that do not read logs). */
  logger?: false;
  /** JSON lines go here instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

const ROUTE = Symbol('gateway.route');
type RoutedRequest = IncomingMessage & { [ROUTE]?: string };

/** Fastify knows the route template before the response; pino-http only sees the raw request. */
export function rememberRoute(request: IncomingMessage, route: string): void {
  (request as RoutedRequest)[ROUTE] = route;
}

/** The one line per request: no URL (query strings), no headers, no bodies. */
function requestLine(request: IncomingMessage, response: ServerResponse, durationMs: number) {
  return {
    method: request.method,
    route: (request as RoutedRequest)[ROUTE] ?? 'unmatched',
    status: response.statusCode,
    durationMs,
  };
}

/** A human-readable stream for `npm start` in a terminal; pino-pretty is a devDependency, loaded only here. */
async function terminalStream(config: AppConfig): Promise<DestinationStream | undefined> {
  if (config.cognito.mode !== 'local' || config.production || !process.stdout.isTTY) return undefined;
  const { default: pretty } = await import('pino-pretty');
  return pretty({ sync: true, singleLine: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' });
}

export async function loggerParams(config: AppConfig, output: LogOutput): Promise<Params> {
  const destination = output.logDestination ?? (await terminalStream(config));
  const options: Options = {
    level: output.logger === false ? 'silent' : config.logLevel,
    // The request id (Fastify's, copied onto the raw request) is the only request field bound to every
    // line logged while the request runs; the response line is built below.
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (request, response, fields: { responseTime: number }) =>
      requestLine(request, response, fields.responseTime),
    customErrorObject: (request, response, _error, fields: { responseTime: number }) =>
      requestLine(request, response, fields.responseTime),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    formatters: { log: redactSecrets },
    // pino-http binds the whole request to a second child logger on every request, even when, as here,
    // that logger is never used: serializing it (headers and all, a 1 KB Authorization included) cost
    // ~5 µs of a ~45 µs request. No line logged here carries `req`.
    serializers: { req: () => undefined },
  };
  return {
    pinoHttp: destination ? [options, destination] : options,
    // Every path, written with its leading slash. nestjs-pino 5's default, `{/*splat}` (no leading slash,
    // so that a global prefix's root matches too), reaches @fastify/middie >= 9.3.5 (pinned by
    // @nestjs/platform-fastify 12) as `/{/*splat}`, which matches only paths starting with `//`: no
    // request would be logged. There is no global prefix here, so the prefix root is not a concern.
    forRoutes: [{ path: '/{*splat}', method: RequestMethod.ALL }],
  };
}

/** nestjs-pino: its pino-http middleware on every route and its Logger, configured from LOG_LEVEL. */
export function loggingModule(output: LogOutput): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => loggerParams(config, output),
  });
}
