import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { secretHash } from '../../src/cognito/cognito-settings';
import type { LocalCognito } from '../../src/local-cognito/local-cognito';
import { createUser, PASSWORD, signIn, uniqueUsername } from '../support/auth-helpers';
import {
  cognitoEnv,
  Gateway,
  sdkClient,
  secretClientEnv,
  startGateway,
  startTestCognito,
} from '../support/harness';

/**
 * An app client with a secret (the whole auth journey runs against one in journey.e2e-spec.ts):
 * what the local Cognito enforces, what a wrong or missing COGNITO_CLIENT_SECRET looks like, and what
 * refresh needs.
 */
describe('app client with a secret', () => {
  let cognito: LocalCognito & { close: () => Promise<void> };
  let client: Record<string, string>;
  const gateways: Gateway[] = [];
  const username = uniqueUsername('secret');

  const gatewayWith = async (env: Record<string, string>) => {
    const gateway = await startGateway({ ...cognitoEnv(cognito), ...env });
    gateways.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    cognito = await startTestCognito();
    client = await secretClientEnv(cognito);
    await createUser(cognito, username, { permanentPassword: PASSWORD });
  });
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
    await cognito.close();
  });

  it('the local Cognito, like AWS, refuses a call without the right SECRET_HASH', async () => {
    const initiate = (hash?: string) =>
      sdkClient(cognito).send(
        new InitiateAuthCommand({
          ClientId: client.COGNITO_CLIENT_ID,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD, ...(hash ? { SECRET_HASH: hash } : {}) },
        }),
      );
    await expect(initiate()).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringMatching(/configured for secret/),
    });
    await expect(initiate(secretHash('wrong', username, client.COGNITO_CLIENT_ID))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringMatching(/Unable to verify secret hash/),
    });
    const right = await initiate(
      secretHash(client.COGNITO_CLIENT_SECRET, username, client.COGNITO_CLIENT_ID),
    );
    expect(right.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it.each([
    ['missing', (): Record<string, string> => ({ COGNITO_CLIENT_ID: client.COGNITO_CLIENT_ID })],
    ['wrong', (): Record<string, string> => ({ ...client, COGNITO_CLIENT_SECRET: 'not-the-secret' })],
  ])(
    'a %s COGNITO_CLIENT_SECRET is the gateway’s fault (500 naming it), not a wrong password',
    async (_case, envOf) => {
      const env = envOf();
      const gateway = await gatewayWith(env);
      for (const [path, body] of [
        ['/auth/sign-in', { username, password: PASSWORD }],
        ['/auth/forgot-password/confirm', { username, code: '123456', newPassword: PASSWORD }],
      ] as const) {
        const res = await gateway.post(path, { body });
        expect(res.status).toBe(500);
        expect(res.body).toMatchObject({
          code: 'INTERNAL_ERROR',
          message: expect.stringContaining('COGNITO_CLIENT_SECRET'),
        });
      }
    },
  );

  it('refresh needs no username: the gateway sends the secret, and a username in the body is ignored', async () => {
    const gateway = await gatewayWith(client);
    const { refreshToken } = await signIn(gateway, username, PASSWORD);
    for (const body of [{ refreshToken }, { refreshToken, username: 'admin' }, { refreshToken, username }]) {
      const res = await gateway.post('/auth/refresh', { body });
      expect(res.status).toBe(200);
      expect(res.body.accessToken).toEqual(expect.any(String));
      expect(res.body.refreshToken).toBeUndefined();
    }
  });

  it.each([
    ['missing', (): Record<string, string> => ({ COGNITO_CLIENT_ID: client.COGNITO_CLIENT_ID })],
    ['wrong', (): Record<string, string> => ({ ...client, COGNITO_CLIENT_SECRET: 'not-the-secret' })],
  ])(
    'refresh and revoke with a %s COGNITO_CLIENT_SECRET: 500 naming it, not a dead token',
    async (_case, envOf) => {
      const { refreshToken } = await signIn(await gatewayWith(client), username, PASSWORD);
      const gateway = await gatewayWith(envOf());
      for (const path of ['/auth/refresh', '/auth/revoke']) {
        const res = await gateway.post(path, { body: { refreshToken } });
        expect(res.status).toBe(500);
        expect(res.body).toMatchObject({
          code: 'INTERNAL_ERROR',
          message: expect.stringContaining('COGNITO_CLIENT_SECRET'),
        });
      }
    },
  );
});
