import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toErrorBody } from '../common/api-exception.filter';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * /metrics on a listener of its own (METRICS_PORT on METRICS_HOST), never on the public port: the counts
 * of routes, sign-in outcomes and Cognito errors are for the operator's Prometheus, not for whoever can
 * reach the API. It starts with the app and closes with it (graceful shutdown included).
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const listener = this.config.metricsListener;
    if (!listener || this.server) return;
    const server = createServer(
      { requestTimeout: this.config.requestTimeoutMs, headersTimeout: this.config.headersTimeoutMs },
      (request, response) => void this.answer(request, response),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new Error(`metrics listener on ${listener.host}:${listener.port}: ${error.code ?? error.message}`),
        ),
      );
      server.listen(listener.port, listener.host, () => resolve());
    });
    this.server = server;
  }

  /** Where Prometheus scrapes, once listening: `http://host:port/metrics`. */
  get url(): string | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) return undefined;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}/metrics`;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A scraper's keep-alive connection would otherwise hold the close open until it hangs up.
    server.closeIdleConnections();
    await closed;
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      const { body } = toErrorBody(new DomainError(ErrorCode.NOT_FOUND, 'Only GET /metrics is served here'));
      response.writeHead(body.statusCode, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
      return;
    }
    try {
      const text = await this.metrics.registry.metrics();
      response.writeHead(200, { 'content-type': CONTENT_TYPE });
      response.end(request.method === 'HEAD' ? undefined : text);
    } catch {
      response.writeHead(500).end();
    }
  }
}
