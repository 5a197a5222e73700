import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';
import { IncomingMessage, ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from './app.module';
import { PUBLIC_EXTENSION } from './auth/decorators/public.decorator';
import { DomainError } from './common/domain-error';
import { errorResponse, TOKEN_ERRORS } from './common/api-errors.decorator';
import { ApiExceptionFilter, toErrorBody } from './common/api-exception.filter';
import { ErrorCode } from './common/error-code';
import { ErrorResponseDto } from './common/error-response.dto';
import { createValidationPipe } from './common/validation.pipe';
import { PasswordPolicySource } from './cognito/password-policy';
import { AppConfig, fastifyTrustProxy } from './config/app-config';
import { loadAppConfig } from './config/environment';
import { MetricsService } from './metrics/metrics.service';
import { logRequests } from './logging/logging';
import { REQUEST_ID_HEADER, requestIdFor } from './logging/request-id';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * Above Node's 16 KB so that an oversized Authorization header still reaches the guard and gets the
 * contract's 401; beyond this, the client-error handler answers 431 with the contract's body.
 */
export const HEADER_LIMIT_BYTES = 96 * 1024;

/** Builds and configures the application the same way for `main.ts`, the tests and the benchmark. */
export async function createApp(options: AppModuleOptions = {}): Promise<NestFastifyApplication> {
  const config = loadAppConfig(options);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: 1000 },
    frameworkErrors: answerRouterError,
    genReqId: requestIdFor,
    // A client that sends its request slowly (one byte at a time) is cut off, not kept open forever.
    // Not connectionTimeout: it is an idle timeout, and below a load balancer's keep-alive it breaks reuse.
    requestTimeout: config.requestTimeoutMs,
    http: {
      maxHeaderSize: HEADER_LIMIT_BYTES,
      headersTimeout: config.headersTimeoutMs,
      // Node looks for requests past their timeout this often (30 s by default).
      connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
    },
    clientErrorHandler: answerClientError,
    // X-Forwarded-For decides the client IP (rate limits) only when TRUST_PROXY names the proxies.
    trustProxy: fastifyTrustProxy(config.trustProxy),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: options.logger === false ? false : undefined,
    abortOnError: false,
    // Fastify's own JSON parser only: Nest would add form and text parsers, whose bodies then fail
    // validation with confusing details instead of a 415.
    bodyParser: false,
    bufferLogs: options.logger !== false,
  });
  // Nest's own lines go through pino too, with the request id when logged during a request.
  if (options.logger !== false) app.useLogger(app.get(Logger));
  configureApp(app, await app.resolve(PinoLogger));
  return app;
}

/** Errors Node's parser raises before Fastify has a request (oversized headers, malformed HTTP). */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { body } = toErrorBody(
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new DomainError(ErrorCode.HEADERS_TOO_LARGE, 'Request headers are larger than 96 KB')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new DomainError(ErrorCode.MALFORMED_REQUEST, 'The request did not arrive in time')
        : new DomainError(ErrorCode.MALFORMED_REQUEST, 'The request is not valid HTTP/1.1'),
  );
  const { statusCode } = body;
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}

/** URLs Fastify's router refuses before Nest sees the request: a malformed %-escape, an over-long parameter. */
function answerRouterError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const refused = error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const { body } = toErrorBody(
    refused
      ? new DomainError(
          ErrorCode.VALIDATION_FAILED,
          'The URL has a malformed escape or a path parameter that is too long',
        )
      : error,
  );
  void reply.status(body.statusCode).send(body);
}

export function configureApp(app: NestFastifyApplication, logContext: PinoLogger): void {
  const config = app.get(AppConfig);
  const securityHeaders = helmetHeaders({
    // Swagger UI needs inline styles and data: images; scripts stay same-origin only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  // No CORS_ORIGINS, no cross-origin access: browsers then refuse other origins' calls.
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    // Every method the contract uses: the frontends edit and delete across origins too.
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Id-Token', 'X-Request-Id'],
    exposedHeaders: ['Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
  const passwordPolicy = app.get(PasswordPolicySource);
  app.useGlobalPipes(createValidationPipe({ passwordRules: () => passwordPolicy.rules() }));
  app.useGlobalFilters(new ApiExceptionFilter());
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  const metrics = app.get(MetricsService);
  // Every answer, errors included, names the request id that its log lines carry.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(securityHeaders);
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  logRequests(fastify, logContext);
  // Route templates, not raw URLs, keep label cardinality bounded; unmatched routes share one label.
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Cognito Gateway API',
  });
}

/**
 * The headers helmet sets, worked out once at boot. @fastify/helmet calls `helmet(options)` on every
 * request, re-parsing the CSP and rebuilding each middleware (a large share of a simple request);
 * these headers never vary (no nonces), so every reply gets the same ones.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => (headers[name] = value),
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  helmet(options)({} as IncomingMessage, response, (error?: unknown) => {
    // Only a dynamic (per-request) directive can fail, and there is none.
    if (error instanceof Error) throw error;
  });
  return headers;
}

/** The OpenAPI document; routes are bearer-protected unless marked @Public(), as the guard enforces. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Cognito Gateway')
    .setDescription('REST gateway in front of an AWS Cognito user pool (contract v1).')
    .setVersion('1.0.0')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    // Relative: requests go to the host that served the document (what OpenAPI means by no servers).
    .addServer('/', 'This gateway')
    .addTag('auth', 'Sign-in, tokens, password and profile for the app')
    .addTag('admin', 'Users and groups, for members of the admin group')
    .addTag('ops', 'Health and documentation')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito access token' },
      'bearer',
    )
    .build();
  const document = SwaggerModule.createDocument(app, builder, {
    extraModels: [ErrorResponseDto],
    operationIdFactory: (_controller, method) => method,
  });
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      const op = operation as {
        security?: unknown;
        requestBody?: unknown;
        responses: Record<string, unknown>;
        [k: string]: unknown;
      };
      if (op[PUBLIC_EXTENSION]) {
        op.security = [];
        delete op[PUBLIC_EXTENSION];
      } else {
        op.security = [{ bearer: [] }];
        op.responses['401'] ??= errorResponse(401, TOKEN_ERRORS);
      }
      // Fastify refuses these bodies before any route code runs, so every route with a body can answer them.
      if (op.requestBody) {
        op.responses['413'] ??= errorResponse(413, [ErrorCode.PAYLOAD_TOO_LARGE]);
        op.responses['415'] ??= errorResponse(415, [ErrorCode.UNSUPPORTED_MEDIA_TYPE]);
      }
      op.responses = sortedByStatus(op.responses);
    }
  }
  return document;
}

/** Responses in status order, as readers (and Swagger UI) expect them. */
function sortedByStatus(responses: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}
