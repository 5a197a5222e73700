import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import type { LocalCognito } from '../../src/local-cognito/local-cognito';
import { SHUTDOWN_GRACE_MS } from '../../src/graceful-shutdown';
import { cognitoEnv, startTestCognito, tempDir } from '../support/harness';
import { freePort } from '../support/ports';
import { waitFor } from '../support/scale';

const MAIN = path.resolve(__dirname, '../../dist/main.js');

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * An orchestrator that stops reading the gateway's output: the pipe fills, and a log flush at exit would
 * wait for a reader that never comes. Whatever blocks, the process must be gone within the grace period
 * plus a second of SIGTERM.
 */
describe('SIGTERM with a dead log pipe (start:prod, LOG_LEVEL=debug, nobody reading stdout)', () => {
  let cognito: LocalCognito;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    cognito = await startTestCognito();
  });
  afterAll(async () => {
    for (const child of children) if (child.pid && running(child)) process.kill(-child.pid, 'SIGKILL');
    await cognito?.close();
  });

  it.each(['normal', 'local'] as const)(
    '%s mode: the process is gone within the grace period + 1 s',
    async (mode) => {
      const port = await freePort();
      const env: Record<string, string> =
        mode === 'normal'
          ? cognitoEnv(cognito)
          : { LOCAL_COGNITO_DIR: tempDir('cgw-dead-pipe-'), LOCAL_COGNITO_PORT: String(await freePort()) };
      // Its own process group, as a container runtime signals it; stdout and stderr are pipes nobody reads.
      const child = spawn(process.execPath, [MAIN], {
        env: {
          PATH: process.env.PATH ?? '',
          PORT: String(port),
          LOG_LEVEL: 'debug',
          RATE_LIMITS: 'off',
          METRICS_PORT: '0',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      children.push(child);
      const pid = child.pid ?? 0;
      const base = `http://127.0.0.1:${port}`;
      await waitFor(
        async () => (await fetch(`${base}/health/live`).catch(() => undefined))?.status === 200,
        30_000,
      );

      // Well past a pipe's 64 KB of log lines, so that pino is left holding what it could not write.
      for (let batch = 0; batch < 20; batch += 1) {
        await Promise.all(
          Array.from({ length: 50 }, () => fetch(`${base}/health/live`).then((r) => r.text())),
        );
      }
      process.kill(-pid, 'SIGTERM');
      const signalledAt = Date.now();
      await waitFor(() => !running(child), SHUTDOWN_GRACE_MS + 1000).catch(() => undefined);
      expect(running(child)).toBe(false);
      expect(Date.now() - signalledAt).toBeLessThanOrEqual(SHUTDOWN_GRACE_MS + 1000);
    },
    60_000,
  );
});
