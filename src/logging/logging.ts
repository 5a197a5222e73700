import { DynamicModule } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LoggerModule, Params, PinoLogger } from 'nestjs-pino';
import { destination as fileDestination, type DestinationStream, type LoggerOptions } from 'pino';
import { AppConfig } from '../config/app-config';
import { redactSecrets } from './redact';

/** Where the logs go; the defaults suit `npm start` and production. */
export interface LogOutput {
  /** false: nothing is logged at all, whatever LOG_LEVEL says (tests that do not read logs). */
  logger?: false;
  /** JSON lines go here instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

/** The one line per request: no URL (query strings), no headers, no bodies. */
function requestLine(request: FastifyRequest, reply: FastifyReply) {
  return {
    requestId: request.id,
    method: request.method,
    route: request.routeOptions.url ?? 'unmatched',
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
  };
}

/**
 * Binds every line logged during a request to its id, and writes the one line per request. This is
 * what pino-http did through nestjs-pino's middleware, without its cost: pino-http derives a child
 * logger from another fresh child on every request (the second binds the whole request), which turns
 * the first into a prototype V8 builds a new map for; that was most of the bytes a request allocated,
 * whether or not anything was logged. Here one child per request carries the id, and the request line
 * is built only when its level is enabled.
 */
export function logRequests(fastify: FastifyInstance, context: PinoLogger): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    context.runInContext(done, { bindings: { requestId: request.id } });
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const failed = reply.statusCode >= 500;
    const root = PinoLogger.root;
    if (root.isLevelEnabled(failed ? 'error' : 'info')) {
      if (failed) root.error(requestLine(request, reply), 'request failed');
      else root.info(requestLine(request, reply), 'request completed');
    }
    done();
  });
  // The client gave up before the answer: no response line would say the request happened.
  fastify.addHook('onRequestAbort', (request, done) => {
    PinoLogger.root.info(
      { requestId: request.id, method: request.method, route: request.routeOptions.url ?? 'unmatched' },
      'request aborted',
    );
    done();
  });
}

/** A human-readable stream for `npm start` in a terminal; pino-pretty is a devDependency, loaded only here. */
async function terminalStream(config: AppConfig): Promise<DestinationStream | undefined> {
  if (config.cognito.mode !== 'local' || config.production || !process.stdout.isTTY) return undefined;
  const { default: pretty } = await import('pino-pretty');
  return pretty({ sync: true, singleLine: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' });
}

/** What stdout may hold back while its reader is slow or gone, before lines are dropped. */
const STDOUT_BACKLOG_BYTES = 8 * 1024 * 1024;

/**
 * stdout, written asynchronously with a bounded backlog. pino's default writes synchronously, and a
 * synchronous write into a pipe nobody reads waits forever: the whole gateway would stop with its logs.
 */
function stdoutStream(): DestinationStream {
  return fileDestination({ dest: 1, sync: false, maxLength: STDOUT_BACKLOG_BYTES });
}

export async function loggerParams(config: AppConfig, output: LogOutput): Promise<Params> {
  const destination = output.logDestination ?? (await terminalStream(config)) ?? stdoutStream();
  const options: LoggerOptions = {
    level: output.logger === false ? 'silent' : config.logLevel,
    formatters: { log: redactSecrets },
  };
  return {
    // nestjs-pino builds its root logger through pino-http; the requests are logged by logRequests.
    pinoHttp: [options, destination],
    forRoutes: [],
  };
}

/** nestjs-pino's Logger, configured from LOG_LEVEL (requests: see logRequests). */
export function loggingModule(output: LogOutput): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => loggerParams(config, output),
  });
}
