import { INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';

/** How long requests in flight may take to finish after SIGTERM. */
export const SHUTDOWN_GRACE_MS = 10_000;

const IDLE_SWEEP_MS = 100;

/**
 * On SIGTERM (or SIGINT): stop accepting connections, let the requests in flight finish (bounded by
 * `graceMs`), then close Redis and the Cognito clients (their onApplicationShutdown hooks run after the
 * HTTP server has closed) and exit 0. A second signal, or requests still running at the deadline, end
 * the process with 1. Nest's enableShutdownHooks is not used: it re-raises the signal after closing, so
 * the process would end "killed by SIGTERM" instead of exiting cleanly.
 */
export function exitGracefullyOnSignals(app: INestApplication, graceMs = SHUTDOWN_GRACE_MS): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    closing = true;
    logger.log(`${signal}: refusing new connections, finishing requests in flight (at most ${graceMs} ms)`);
    setTimeout(() => {
      logger.error(`Requests still in flight after ${graceMs} ms: exiting anyway`);
      process.exit(1);
    }, graceMs).unref();
    // Closing the server closes the connections idle at that moment; a keep-alive connection whose
    // request finishes later would hold the close open until the client hangs up, so sweep again.
    const server = app.getHttpServer() as Server;
    setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS).unref();
    app.close().then(
      () => {
        logger.log('Closed cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
