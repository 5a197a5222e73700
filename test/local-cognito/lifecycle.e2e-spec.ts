import {
  CognitoIdentityProviderClient,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { startLocalCognito } from '../../src/local-cognito/local-cognito';

describe('local Cognito: restart and standalone (official clients against the embedded emulator)', () => {
  describe('restart and standalone', () => {
    it('keeps pool, client, admin and live refresh tokens across a restart of the same dataDir', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'local-cognito-restart-'));
      try {
        const first = await startLocalCognito({ dataDir: dir, onMessage: () => {} });
        expect(first.generatedAdminPassword).toMatch(
          /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]).{16}$/,
        );
        const client = new CognitoIdentityProviderClient({
          endpoint: first.endpoint,
          region: first.region,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          maxAttempts: 1,
        });
        const signedIn = await client.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: first.clientId,
            AuthParameters: { USERNAME: 'admin', PASSWORD: first.generatedAdminPassword! },
          }),
        );
        client.destroy();
        await first.close();
        const second = await startLocalCognito({ dataDir: dir, onMessage: () => {} });
        try {
          expect(second.generatedAdminPassword).toBeUndefined();
          // The banner of every later start can still say how to get in.
          expect(second.adminPassword).toEqual({ password: first.generatedAdminPassword, source: 'stored' });
          expect([second.userPoolId, second.clientId]).toEqual([first.userPoolId, first.clientId]);
          const again = new CognitoIdentityProviderClient({
            endpoint: second.endpoint,
            region: second.region,
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
            maxAttempts: 1,
          });
          const refreshed = await again.send(
            new GetTokensFromRefreshTokenCommand({
              ClientId: second.clientId,
              RefreshToken: signedIn.AuthenticationResult!.RefreshToken!,
            }),
          );
          expect(refreshed.AuthenticationResult!.AccessToken).toBeDefined();
          again.destroy();
        } finally {
          await second.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('npm run local-cognito prints one JSON line first and stops cleanly on SIGTERM', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'local-cognito-cli-'));
      const child = spawn(
        process.execPath,
        [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'src/local-cognito/standalone.ts'],
        {
          cwd: path.join(__dirname, '../..'),
          env: { ...process.env, LOCAL_COGNITO_PORT: '0', LOCAL_COGNITO_DIR: dir },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      try {
        const firstLine = await new Promise<string>((resolve, reject) => {
          createInterface({ input: child.stdout }).once('line', resolve);
          child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
        });
        const info = JSON.parse(firstLine);
        expect(Object.keys(info)).toEqual(['endpoint', 'userPoolId', 'clientId', 'region', 'issuer']);
        expect((await fetch(`${info.endpoint}/health`)).status).toBe(200);
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    }, 30_000);
  });
});
