import {
  CreateUserPoolClientCommand,
  type CreateUserPoolClientRequest,
  type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  claimsOf,
  createUser,
  fullSession,
  PASSWORD,
  signIn,
  TokenSet,
  uniqueUsername,
} from '../support/auth-helpers';
import { cognitoEnv, Gateway, startGateway, useStack } from '../support/harness';

const SIGN_IN_FLOWS: ExplicitAuthFlowsType[] = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH'];

/**
 * POST /auth/refresh over GetTokensFromRefreshToken, with the app client rotating refresh tokens (the
 * seeded one: 60 s grace) or not, with and without a secret; and revoke and sign-out ending every token of
 * a rotated chain. Real HTTP against the local Cognito, whose clock the tests move past grace periods.
 */
describe('refresh with and without refresh-token rotation (real HTTP, local Cognito)', () => {
  const stack = useStack();
  const gateways: Gateway[] = [];

  afterEach(() => stack.cognito.setClockOffset(0));
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
  });

  /** A gateway in front of a new app client of the local pool. */
  async function gatewayFor(request: Partial<CreateUserPoolClientRequest>): Promise<Gateway> {
    const { UserPoolClient: client } = await stack.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: stack.cognito.userPoolId,
        ClientName: uniqueUsername('client'),
        ExplicitAuthFlows: SIGN_IN_FLOWS,
        ...request,
      }),
    );
    const gateway = await startGateway({
      ...cognitoEnv(stack.cognito),
      COGNITO_CLIENT_ID: client!.ClientId!,
      ...(client!.ClientSecret ? { COGNITO_CLIENT_SECRET: client!.ClientSecret } : {}),
    });
    gateways.push(gateway);
    return gateway;
  }

  async function signedIn(gateway: Gateway): Promise<TokenSet> {
    const { username } = await createUser(stack.cognito, uniqueUsername('rotation'), {
      permanentPassword: PASSWORD,
    });
    return signIn(gateway, username, PASSWORD);
  }

  const refresh = (gateway: Gateway, refreshToken: string, username?: string) =>
    gateway.post('/auth/refresh', { body: { refreshToken, ...(username ? { username } : {}) } });

  /** A refresh that must succeed: the tokens it answered, the refresh token kept when none came. */
  async function refreshed(gateway: Gateway, from: TokenSet): Promise<TokenSet & { rotated: boolean }> {
    const res = await refresh(gateway, from.refreshToken);
    expect(res.status).toBe(200);
    expect(claimsOf(res.body.accessToken).origin_jti).toBe(claimsOf(from.accessToken).origin_jti);
    const rotated = res.body.refreshToken !== undefined;
    return { ...res.body, refreshToken: rotated ? res.body.refreshToken : from.refreshToken, rotated };
  }

  const expectDeadRefresh = async (gateway: Gateway, refreshToken: string) => {
    const res = await refresh(gateway, refreshToken);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('REFRESH_TOKEN_INVALID');
  };

  const expectRevokedAccess = async (gateway: Gateway, accessToken: string) => {
    const res = await gateway.get('/auth/session', { token: accessToken });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_REVOKED');
  };

  describe('rotation on (the seeded app client, 60 s grace)', () => {
    it('each refresh answers a new refreshToken; the old one works for the grace period only, then 401', async () => {
      const first = await signedIn(stack.gateway);
      const second = await refreshed(stack.gateway, first);
      expect(second.rotated).toBe(true);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      // within the grace period: a retry with the old token (its answer lost, say) still works
      stack.cognito.setClockOffset(50_000);
      expect((await refreshed(stack.gateway, first)).rotated).toBe(true);
      stack.cognito.setClockOffset(61_000);
      await expectDeadRefresh(stack.gateway, first.refreshToken);
      const third = await refreshed(stack.gateway, second);
      expect(third.rotated).toBe(true);
      // revoking a rotated-out token is refused the same way
      const revoke = await stack.gateway.post('/auth/revoke', { body: { refreshToken: first.refreshToken } });
      expect(revoke.status).toBe(401);
      expect(revoke.body.code).toBe('REFRESH_TOKEN_INVALID');
    });

    it('needs no username; one in the body is accepted and ignored', async () => {
      const first = await signedIn(stack.gateway);
      const res = await refresh(stack.gateway, first.refreshToken, 'someone-else');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        idToken: expect.any(String),
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 3600,
        tokenType: 'Bearer',
      });
    });
  });

  describe('rotation off', () => {
    it('the answer carries no refreshToken, and the same one keeps working', async () => {
      const gateway = await gatewayFor({});
      const first = await signedIn(gateway);
      for (let i = 0; i < 2; i++) {
        const res = await refresh(gateway, first.refreshToken);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          idToken: expect.any(String),
          accessToken: expect.any(String),
          expiresIn: 3600,
          tokenType: 'Bearer',
        });
      }
    });
  });

  describe('with an app client secret, and no username', () => {
    it('rotation off: refreshes, no refreshToken', async () => {
      const gateway = await gatewayFor({ GenerateSecret: true });
      const first = await signedIn(gateway);
      expect((await refreshed(gateway, first)).rotated).toBe(false);
      expect((await refreshed(gateway, first)).rotated).toBe(false);
    });

    it('rotation on with no grace period: a new refreshToken; the old one is 401 at once', async () => {
      const gateway = await gatewayFor({
        GenerateSecret: true,
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
      });
      const first = await signedIn(gateway);
      const second = await refreshed(gateway, first);
      expect(second.rotated).toBe(true);
      await expectDeadRefresh(gateway, first.refreshToken);
      const third = await refreshed(gateway, second);
      expect(third.rotated).toBe(true);
      expect(
        (await gateway.post('/auth/revoke', { body: { refreshToken: third.refreshToken } })).status,
      ).toBe(204);
      await expectDeadRefresh(gateway, third.refreshToken);
      for (const t of [first, second, third]) await expectRevokedAccess(gateway, t.accessToken);
    });
  });

  describe('revoke and sign-out cover the rotated tokens of the session', () => {
    it('revoke with any token of a rotated chain ends the whole session, and no other', async () => {
      const first = await signedIn(stack.gateway);
      const second = await refreshed(stack.gateway, first);
      const third = await refreshed(stack.gateway, second);
      const otherSession = await refreshed(
        stack.gateway,
        await signIn(stack.gateway, usernameOf(first), PASSWORD),
      );

      const res = await stack.gateway.post('/auth/revoke', { body: { refreshToken: second.refreshToken } });
      expect(res.status).toBe(204);
      // the first token is still within its grace period, and dies with its session all the same
      for (const t of [first, second, third]) {
        await expectDeadRefresh(stack.gateway, t.refreshToken);
        await expectRevokedAccess(stack.gateway, t.accessToken);
      }
      expect((await stack.gateway.get('/auth/session', { token: otherSession.accessToken })).status).toBe(
        200,
      );
      expect((await refreshed(stack.gateway, otherSession)).rotated).toBe(true);
    });

    it('sign-out ends every session of the user, rotated tokens included', async () => {
      const first = await signedIn(stack.gateway);
      const second = await refreshed(stack.gateway, first);
      const third = await refreshed(stack.gateway, second);
      const res = await stack.gateway.post('/auth/sign-out', fullSession(third));
      expect(res.status).toBe(204);
      for (const t of [first, second, third]) {
        await expectDeadRefresh(stack.gateway, t.refreshToken);
        await expectRevokedAccess(stack.gateway, t.accessToken);
      }
    });
  });
});

function usernameOf(tokens: TokenSet): string {
  return claimsOf(tokens.accessToken).username as string;
}
