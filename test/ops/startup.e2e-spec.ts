import { ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../support/harness';
import { freePort } from '../support/ports';

const MAIN = path.resolve(__dirname, '../../dist/main.js');

/** Runs the built gateway as `npm start` would, with only the given environment. */
function startProcess(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [MAIN], {
    // A free metrics port: these gateways run beside others on one machine.
    env: { PATH: process.env.PATH ?? '', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out');
}

describe('starting the gateway as a process', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ NODE_ENV: 'production' }, 'COGNITO_USER_POOL_ID'],
    [{ COGNITO_USER_POOL_ID: 'us-east-1_Abc123' }, 'COGNITO_REGION'],
  ])('refuses to start with %j and names %s on one line', async (env, variable) => {
    const { child, output } = startProcess(env);
    expect(await exitOf(child)).toBe(1);
    const lines = output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
  });

  it('in local mode serves /docs and signs the seeded admin in (npm start on a fresh clone)', async () => {
    const dataDir = tempDir('cgw-local-');
    const [port, cognitoPort] = [await freePort(), await freePort()];
    const { child, output } = startProcess({
      PORT: String(port),
      LOCAL_COGNITO_PORT: String(cognitoPort),
      LOCAL_COGNITO_DIR: dataDir,
    });
    try {
      // The banner is written straight to stdout, pino's lines through its own asynchronous stream: either may come first.
      // A first boot (seeding the pool) on a shared, loaded machine can take well over 20 s.
      await waitFor(
        () => output().includes('Swagger UI') && output().includes('Cognito Gateway listening on'),
        60_000,
      );
      const password = /Admin user: admin \/ (\S+)/.exec(output())?.[1];
      expect(password).toBeDefined();
      // The banner says where the data lives; everything else on stdout is JSON log lines.
      expect(output()).toContain(`Data         ${dataDir}`);
      const logLines = output()
        .split('\n')
        .filter((line) => line.startsWith('{'));
      const listening = logLines
        .map((line) => JSON.parse(line).msg as string)
        .find((msg) => msg.startsWith('Cognito Gateway listening on'));
      expect(listening).toMatch(
        new RegExp(
          `^Cognito Gateway listening on http://localhost:${port}; API docs at http://localhost:${port}/docs; ` +
            String.raw`metrics at (http://127\.0\.0\.1:\d+/metrics)$`,
        ),
      );
      // The banner names the same metrics listener, which serves them; the public port does not.
      const metricsUrl = /metrics at (\S+)$/.exec(listening!)![1];
      expect(output()).toContain(`metrics ${metricsUrl}`);
      expect((await fetch(metricsUrl)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);

      const docs = await fetch(`http://127.0.0.1:${port}/docs`);
      expect(docs.status).toBe(200);

      // Sign in straight at the embedded Cognito, then use the token on the gateway.
      const signIn = await fetch(`http://127.0.0.1:${cognitoPort}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
        },
        body: JSON.stringify({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: /clientId (\w+)/.exec(output())?.[1],
          AuthParameters: { USERNAME: 'admin', PASSWORD: password },
        }),
      });
      const tokens = (await signIn.json()) as { AuthenticationResult: { AccessToken: string } };
      const session = await fetch(`http://127.0.0.1:${port}/auth/session`, {
        headers: { authorization: `Bearer ${tokens.AuthenticationResult.AccessToken}` },
      });
      expect(session.status).toBe(200);
      expect(await session.json()).toMatchObject({ username: 'admin', groups: ['admin'] });
    } finally {
      child.kill('SIGTERM');
      await exitOf(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
