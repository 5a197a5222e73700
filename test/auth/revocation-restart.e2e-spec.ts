import { rmSync } from 'node:fs';
import * as path from 'node:path';
import type { LocalCognito } from '../../src/local-cognito/local-cognito';
import { fullSession, signedInUser, signIn, PASSWORD } from '../support/auth-helpers';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  cognitoEnv,
  Gateway,
  startGateway,
  startTestCognito,
  tempDir,
} from '../support/harness';
import { freePort } from '../support/ports';
import { GatewayProcess } from '../support/scale';

/** Without Redis, a restart must not re-admit a signed-out token: the embedded store keeps revocations on disk. */
describe('revocations survive a restart without Redis', () => {
  describe('a single production instance with REVOCATION_STORE_PATH', () => {
    let cognito: LocalCognito & { dataDir: string };
    let gateway: Gateway | undefined;
    const dir = tempDir('cgw-revocations-');
    let env: Record<string, string>;

    beforeAll(async () => {
      cognito = await startTestCognito();
      env = {
        ...cognitoEnv(cognito),
        NODE_ENV: 'production',
        REVOCATION_STORE_PATH: path.join(dir, 'data', 'revocations.sqlite'),
      };
    }, 60_000);
    afterAll(async () => {
      await gateway?.close();
      await cognito?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a signed-out token and a revoked session stay refused (TOKEN_REVOKED) after the restart', async () => {
      gateway = await startGateway(env);
      const signedOut = await signedInUser(gateway, cognito, 'restart');
      const revoked = await signedInUser(gateway, cognito, 'restart');
      expect((await gateway.post('/auth/sign-out', fullSession(signedOut.tokens))).status).toBe(204);
      const revoke = await gateway.post('/auth/revoke', {
        body: { refreshToken: revoked.tokens.refreshToken },
      });
      expect(revoke.status).toBe(204);
      await gateway.close();

      gateway = await startGateway(env);
      for (const token of [signedOut.tokens.accessToken, revoked.tokens.accessToken]) {
        const res = await gateway.get('/auth/session', { token });
        expect({ status: res.status, code: res.body?.code }).toEqual({ status: 401, code: 'TOKEN_REVOKED' });
      }
      const fresh = await signIn(gateway, signedOut.username, PASSWORD);
      expect((await gateway.get('/auth/session', { token: fresh.accessToken })).status).toBe(200);
    }, 60_000);
  });

  describe('local mode (npm start): the store lives in LOCAL_COGNITO_DIR', () => {
    const dataDir = tempDir('cgw-local-revocations-');
    let gateway: GatewayProcess | undefined;

    afterAll(async () => {
      if (gateway && gateway.child.exitCode === null) {
        gateway.child.kill('SIGKILL');
        await gateway.exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function start(): Promise<GatewayProcess> {
      const started = new GatewayProcess(await freePort(), {
        LOCAL_COGNITO_DIR: dataDir,
        LOCAL_COGNITO_PORT: String(await freePort()),
        LOCAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      });
      await started.ready(60_000);
      return started;
    }

    async function call(method: string, url: string, headers: Record<string, string>, body?: unknown) {
      const response = await fetch(gateway!.baseUrl + url, {
        method,
        headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    }

    it('the admin signed out before a restart is refused after it', async () => {
      gateway = await start();
      const signInBody = { username: ADMIN_USERNAME, password: ADMIN_PASSWORD };
      const { tokens } = (await call('POST', '/auth/sign-in', {}, signInBody)).body;
      const bearer = { authorization: `Bearer ${tokens.accessToken}` };
      expect((await call('GET', '/auth/session', bearer)).status).toBe(200);
      const signOut = await call('POST', '/auth/sign-out', { ...bearer, 'x-id-token': tokens.idToken });
      expect(signOut.status).toBe(204);

      gateway.child.kill('SIGTERM');
      expect((await gateway.exited).code).toBe(0);
      gateway = await start();

      expect(await call('GET', '/auth/session', bearer)).toMatchObject({
        status: 401,
        body: { code: 'TOKEN_REVOKED' },
      });
      const again = (await call('POST', '/auth/sign-in', {}, signInBody)).body;
      const fresh = { authorization: `Bearer ${again.tokens.accessToken}` };
      expect((await call('GET', '/auth/session', fresh)).status).toBe(200);
    }, 120_000);
  });
});
