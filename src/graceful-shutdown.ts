import { INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { Worker } from 'node:worker_threads';

/** How long requests in flight may take to finish after SIGTERM. */
export const SHUTDOWN_GRACE_MS = 10_000;

const IDLE_SWEEP_MS = 100;
/** After the grace period, what the clean exit path may still take before the watchdog ends it. */
const EXIT_MARGIN_MS = 500;

/**
 * A last resort that the main thread cannot hold up. A log flush at exit into a pipe nobody reads (or any
 * other synchronous wait) blocks the event loop, so neither the exit timer nor a second signal's handler
 * would ever run; a thread of its own still can end the process. Told that the app has closed, it allows
 * the exit only the margin.
 */
function startExitWatchdog(afterMs: number): { exiting: () => void } {
  const watchdog = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const kill = () => process.kill(workerData.pid, 'SIGKILL');
     setTimeout(kill, workerData.afterMs);
     parentPort.once('message', () => setTimeout(kill, workerData.marginMs));`,
    { eval: true, workerData: { pid: process.pid, afterMs, marginMs: EXIT_MARGIN_MS } },
  );
  watchdog.unref();
  return { exiting: () => watchdog.postMessage('exiting') };
}

export function exitGracefullyOnSignals(app: INestApplication, graceMs = SHUTDOWN_GRACE_MS): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    closing = true;
    const watchdog = startExitWatchdog(graceMs + EXIT_MARGIN_MS);
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
        watchdog.exiting();
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
