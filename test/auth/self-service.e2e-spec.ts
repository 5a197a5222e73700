import {
  AdminAddUserToGroupCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UpdateUserPoolCommand,
  type PasswordPolicyType,
} from '@aws-sdk/client-cognito-identity-provider';
import { describeMessage } from '../../src/local-cognito/messages';
import type { LocalCognito } from '../../src/local-cognito/local-cognito';
import {
  createUser,
  fullSession,
  PASSWORD,
  signedInUser,
  signIn,
  uniqueUsername,
} from '../support/auth-helpers';
import {
  cognitoEnv,
  cognitoTokens,
  Gateway,
  HttpResult,
  startGateway,
  startTestCognito,
  useStack,
} from '../support/harness';
import { TestRedis } from '../support/redis';

/** The pool's policy for this file: not AWS's default, so that the answers can only come from the pool. */
const POLICY: PasswordPolicyType = {
  MinimumLength: 10,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: false,
};
const RULES =
  'Password must be at least 10 characters and contain an uppercase letter, a lowercase letter and a number';
const DAY_MS = 24 * 60 * 60 * 1000;

function expectError(res: HttpResult, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.text).not.toMatch(/Exception|cognito-idp|amazonaws/i);
}

/** What Cognito now holds for the user: their attributes, or undefined once the user is gone. */
async function heldBy(
  stack: { sdk: CognitoIdentityProviderClient; cognito: LocalCognito },
  username: string,
): Promise<Record<string, string | undefined> | undefined> {
  try {
    const user = await stack.sdk.send(
      new AdminGetUserCommand({ UserPoolId: stack.cognito.userPoolId, Username: username }),
    );
    return Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
  } catch (error) {
    if ((error as Error).name === 'UserNotFoundException') return undefined;
    throw error;
  }
}

/** As UpdateUserPool replaces the whole configuration (as on AWS), the seed's settings come along. */
function poolWith(cognito: LocalCognito, policy: PasswordPolicyType): UpdateUserPoolCommand {
  return new UpdateUserPoolCommand({
    UserPoolId: cognito.userPoolId,
    AutoVerifiedAttributes: ['email'],
    MfaConfiguration: 'OPTIONAL',
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    Policies: { PasswordPolicy: policy },
  });
}

describe('account self-service (API v2): verification, deletion, the password policy', () => {
  const stack = useStack();

  beforeAll(async () => {
    await stack.sdk.send(poolWith(stack.cognito, POLICY));
  });

  describe('GET /auth/password-policy', () => {
    it('is public and answers the pool’s policy, cacheable for five minutes', async () => {
      const res = await stack.gateway.get('/auth/password-policy');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        minimumLength: 10,
        requireUppercase: true,
        requireLowercase: true,
        requireNumbers: true,
        requireSymbols: false,
      });
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    });

    it('is answered from the gateway’s cache: a change at Cognito shows only after minutes', async () => {
      await stack.sdk.send(poolWith(stack.cognito, { ...POLICY, MinimumLength: 14 }));
      try {
        expect((await stack.gateway.get('/auth/password-policy')).body.minimumLength).toBe(10);
      } finally {
        await stack.sdk.send(poolWith(stack.cognito, POLICY));
      }
    });
  });

  describe('refused new passwords state the pool’s rules', () => {
    it('one Cognito refuses is 400 INVALID_PASSWORD saying the rules', async () => {
      const { tokens } = await signedInUser(stack.gateway, stack.cognito, 'rules');
      const res = await stack.gateway.post('/auth/change-password', {
        ...fullSession(tokens),
        body: { currentPassword: PASSWORD, newPassword: 'alllowercase12' },
      });
      expectError(res, 400, 'INVALID_PASSWORD');
      expect(res.body.message).toBe(RULES);
    });

    it('one too short for any pool is 400 VALIDATION_FAILED saying the rules', async () => {
      const res = await stack.gateway.post('/auth/forgot-password/confirm', {
        body: { username: uniqueUsername('short'), code: '123456', newPassword: 'Ab#1' },
      });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([{ field: 'newPassword', message: `newPassword: ${RULES}` }]);
    });
  });

  describe('POST /auth/me/verification and /confirm', () => {
    it('a changed email is unverified until its code comes back; a wrong code is 400 CODE_MISMATCH', async () => {
      const { username, tokens } = await signedInUser(stack.gateway, stack.cognito, 'moving');
      const email = `${username}.new@example.org`;
      const patched = await stack.gateway.request('PATCH', '/auth/me', {
        token: tokens.accessToken,
        body: { attributes: { email } },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.attributes).toMatchObject({ email, email_verified: 'false' });
      expect(await heldBy(stack, username)).toMatchObject({ email, email_verified: 'false' });

      // The local Cognito printed the code that Cognito would have emailed to the new address.
      const sent = stack.cognito.messages.at(-1)!;
      expect(describeMessage(sent)).toBe(
        `verification code for ${username}, by email to ${username[0]}***@e***: ${sent.code}`,
      );

      const wrongCode = sent.code === '000000' ? '111111' : '000000';
      expectError(
        await stack.gateway.post('/auth/me/verification/confirm', {
          token: tokens.accessToken,
          body: { attribute: 'email', code: wrongCode },
        }),
        400,
        'CODE_MISMATCH',
      );
      expect(await heldBy(stack, username)).toMatchObject({ email_verified: 'false' });

      const confirmed = await stack.gateway.post('/auth/me/verification/confirm', {
        token: tokens.accessToken,
        body: { attribute: 'email', code: sent.code },
      });
      expect(confirmed.status).toBe(204);
      expect(await heldBy(stack, username)).toMatchObject({ email, email_verified: 'true' });
      const profile = await stack.gateway.get('/auth/me', { token: tokens.accessToken });
      expect(profile.body.attributes).toMatchObject({ email, email_verified: 'true' });
    });

    it('sends a code on request (202, masked destination); only the latest code verifies', async () => {
      const { username, tokens } = await signedInUser(stack.gateway, stack.cognito, 'verify');
      const request = () =>
        stack.gateway.post('/auth/me/verification', {
          token: tokens.accessToken,
          body: { attribute: 'email' },
        });
      const first = await request();
      expect(first.status).toBe(202);
      expect(first.body).toEqual({ deliveryMedium: 'EMAIL', destination: `${username[0]}***@e***` });
      const firstCode = stack.cognito.lastCode(username)!;
      expect(describeMessage(stack.cognito.messages.at(-1)!)).toMatch(/^verification code for /);
      await request();
      const latest = stack.cognito.lastCode(username)!;
      if (firstCode !== latest) {
        expectError(
          await stack.gateway.post('/auth/me/verification/confirm', {
            token: tokens.accessToken,
            body: { attribute: 'email', code: firstCode },
          }),
          400,
          'CODE_MISMATCH',
        );
      }
      const confirmed = await stack.gateway.post('/auth/me/verification/confirm', {
        token: tokens.accessToken,
        body: { attribute: 'email', code: latest },
      });
      expect(confirmed.status).toBe(204);
    });

    it('a code older than a day is 400 CODE_EXPIRED', async () => {
      const { username, tokens } = await signedInUser(stack.gateway, stack.cognito, 'stale');
      // The code is sent by an emulator whose clock runs a day and a minute behind: it is that old now.
      stack.cognito.setClockOffset(-(DAY_MS + 60_000));
      try {
        const sent = await stack.gateway.post('/auth/me/verification', {
          token: tokens.accessToken,
          body: { attribute: 'email' },
        });
        expect(sent.status).toBe(202);
      } finally {
        stack.cognito.setClockOffset(0);
      }
      expectError(
        await stack.gateway.post('/auth/me/verification/confirm', {
          token: tokens.accessToken,
          body: { attribute: 'email', code: stack.cognito.lastCode(username)! },
        }),
        400,
        'CODE_EXPIRED',
      );
    });

    it('refuses what cannot be verified with 400 VALIDATION_FAILED, and needs a bearer token', async () => {
      const { tokens } = await signedInUser(stack.gateway, stack.cognito, 'nophone');
      const post = (url: string, body: object) =>
        stack.gateway.post(url, { token: tokens.accessToken, body });
      // The user has no phone number to send a code to.
      expectError(
        await post('/auth/me/verification', { attribute: 'phone_number' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await post('/auth/me/verification', { attribute: 'name' }), 400, 'VALIDATION_FAILED');
      expectError(
        await post('/auth/me/verification/confirm', { attribute: 'email', code: '12ab' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await stack.gateway.post('/auth/me/verification', { body: { attribute: 'email' } }),
        401,
        'TOKEN_MISSING',
      );
    });
  });

  describe('DELETE /auth/me', () => {
    it('deletes the caller at Cognito; their tokens are refused at once and sign-in is INVALID_CREDENTIALS', async () => {
      const { username, tokens } = await signedInUser(stack.gateway, stack.cognito, 'leaving');
      const res = await stack.gateway.request('DELETE', '/auth/me', fullSession(tokens));
      expect(res.status).toBe(204);
      expect(await heldBy(stack, username)).toBeUndefined();
      expectError(
        await stack.gateway.get('/auth/session', { token: tokens.accessToken }),
        401,
        'TOKEN_REVOKED',
      );
      expectError(
        await stack.gateway.post('/auth/sign-in', { body: { username, password: PASSWORD } }),
        401,
        'INVALID_CREDENTIALS',
      );
      expectError(
        await stack.gateway.post('/auth/refresh', { body: { refreshToken: tokens.refreshToken } }),
        401,
        'REFRESH_TOKEN_INVALID',
      );
    });

    it('needs the id token of the same user in X-Id-Token, as sign-out does', async () => {
      const { username, tokens } = await signedInUser(stack.gateway, stack.cognito, 'staying');
      const other = await signedInUser(stack.gateway, stack.cognito, 'other');
      expectError(
        await stack.gateway.request('DELETE', '/auth/me', { token: tokens.accessToken }),
        401,
        'TOKEN_MISSING',
      );
      expectError(
        await stack.gateway.request('DELETE', '/auth/me', {
          token: tokens.accessToken,
          headers: { 'x-id-token': other.tokens.idToken },
        }),
        401,
        'TOKEN_INVALID',
      );
      expect(await heldBy(stack, username)).toBeDefined();
    });

    it('the last enabled member of the admin group gets 409 SELF_LOCKOUT; another admin may leave', async () => {
      const admin = await cognitoTokens(stack.cognito);
      const lockedOut = await stack.gateway.request('DELETE', '/auth/me', fullSession(admin));
      expectError(lockedOut, 409, 'SELF_LOCKOUT');
      expect(await heldBy(stack, stack.cognito.adminUsername)).toBeDefined();

      // A disabled member cannot administer the pool: it does not count.
      const { username: disabled } = await createUser(stack.cognito, uniqueUsername('dormant'));
      await stack.sdk.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: stack.cognito.userPoolId,
          Username: disabled,
          GroupName: 'admin',
        }),
      );
      await stack.sdk.send(
        new AdminDisableUserCommand({ UserPoolId: stack.cognito.userPoolId, Username: disabled }),
      );
      expectError(await stack.gateway.request('DELETE', '/auth/me', fullSession(admin)), 409, 'SELF_LOCKOUT');

      const { username } = await createUser(stack.cognito, uniqueUsername('deputy'), {
        permanentPassword: PASSWORD,
      });
      await stack.sdk.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: stack.cognito.userPoolId,
          Username: username,
          GroupName: 'admin',
        }),
      );
      const deputy = await signIn(stack.gateway, username, PASSWORD);
      expect((await stack.gateway.request('DELETE', '/auth/me', fullSession(deputy))).status).toBe(204);
      expect(await heldBy(stack, username)).toBeUndefined();
      expect(await heldBy(stack, stack.cognito.adminUsername)).toBeDefined();
    });
  });
});

describe('DELETE /auth/me across instances sharing Redis', () => {
  let cognito: LocalCognito & { dataDir: string };
  let redis: TestRedis;
  let a: Gateway;
  let b: Gateway;

  beforeAll(async () => {
    cognito = await startTestCognito();
    redis = await TestRedis.start();
    const env = { ...cognitoEnv(cognito), REDIS_URL: redis.url };
    [a, b] = [await startGateway(env), await startGateway(env)];
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.close();
    await cognito?.close();
  });

  it('an account deleted through A has its tokens refused by B at once', async () => {
    const { tokens } = await signedInUser(a, cognito, 'everywhere');
    expect((await b.get('/auth/session', { token: tokens.accessToken })).status).toBe(200);
    expect((await a.request('DELETE', '/auth/me', fullSession(tokens))).status).toBe(204);
    expectError(await b.get('/auth/session', { token: tokens.accessToken }), 401, 'TOKEN_REVOKED');
  });
});
