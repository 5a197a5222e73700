import { AdminResetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { LocalCognito } from '../../src/local-cognito/local-cognito';
import {
  createUser,
  fullSession,
  PASSWORD,
  signedInUser,
  signIn,
  TEMP_PASSWORD,
  uniqueUsername,
} from '../support/auth-helpers';
import { cognitoTokens, HttpResult, startStack, useStack } from '../support/harness';
import { totp } from '../support/totp';

const WEAK = 'alllowercase'; // passes the DTO (length), breaks the pool's policy

/** The contract's error body, and nothing that names Cognito or the pool. */
function expectError(res: HttpResult, status: number, code: string, cognito?: LocalCognito): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.body).toEqual(
    expect.objectContaining({ statusCode: status, code, message: expect.any(String) }),
  );
  expect(res.text).not.toMatch(/Exception|cognito-idp|amazonaws/i);
  if (cognito) expect(res.text).not.toContain(cognito.userPoolId);
}

describe('auth routes: each row of the contract and its error codes (AUTH_FLOW default)', () => {
  const stack = useStack();

  describe('POST /auth/sign-in', () => {
    it('wrong password and unknown user give byte-identical 401 INVALID_CREDENTIALS', async () => {
      const { username } = await createUser(stack.cognito, uniqueUsername(), { permanentPassword: PASSWORD });
      const wrong = await stack.gateway.post('/auth/sign-in', {
        body: { username, password: 'Wr0ng#Passw0rd' },
      });
      const unknown = await stack.gateway.post('/auth/sign-in', {
        body: { username: uniqueUsername('ghost'), password: 'Wr0ng#Passw0rd' },
      });
      expectError(wrong, 401, 'INVALID_CREDENTIALS', stack.cognito);
      expect(unknown.status).toBe(wrong.status);
      expect(unknown.text).toBe(wrong.text);
    });

    it.each([
      ['an unknown field', { username: 'alice', password: 'x', remember: true }, 'remember'],
      ['no password', { username: 'alice' }, 'password'],
      ['a username with spaces', { username: 'al ice', password: 'x' }, 'username'],
    ])('%s is 400 VALIDATION_FAILED with details', async (_what, body, field) => {
      const res = await stack.gateway.post('/auth/sign-in', { body });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('a body over 1 MB is 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await stack.gateway.post('/auth/sign-in', {
        body: { username: 'alice', password: 'x'.repeat(1024 * 1024 + 10) },
      });
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('a user whose password an admin reset gets 403 PASSWORD_RESET_REQUIRED, then resets with the code', async () => {
      const { username } = await createUser(stack.cognito, uniqueUsername('reset'), {
        permanentPassword: PASSWORD,
      });
      await stack.sdk.send(
        new AdminResetUserPasswordCommand({ UserPoolId: stack.cognito.userPoolId, Username: username }),
      );
      expectError(
        await stack.gateway.post('/auth/sign-in', { body: { username, password: PASSWORD } }),
        403,
        'PASSWORD_RESET_REQUIRED',
      );
      const confirm = await stack.gateway.post('/auth/forgot-password/confirm', {
        body: { username, code: stack.cognito.lastCode(username), newPassword: 'Aft3r#Reset!' },
      });
      expect(confirm.status).toBe(204);
      await signIn(stack.gateway, username, 'Aft3r#Reset!');
    });
  });

  describe('POST /auth/challenges/new-password', () => {
    async function challenged() {
      const { username } = await createUser(stack.cognito, uniqueUsername('first'));
      const res = await stack.gateway.post('/auth/sign-in', { body: { username, password: TEMP_PASSWORD } });
      expect(res.body.challenge.name).toBe('NEW_PASSWORD_REQUIRED');
      return { username, session: res.body.challenge.session as string };
    }

    it('a password that breaks the policy is 400 INVALID_PASSWORD; the session can be used again', async () => {
      const { username, session } = await challenged();
      const weak = await stack.gateway.post('/auth/challenges/new-password', {
        body: { username, session, newPassword: WEAK },
      });
      expectError(weak, 400, 'INVALID_PASSWORD', stack.cognito);
      const ok = await stack.gateway.post('/auth/challenges/new-password', {
        body: { username, session, newPassword: PASSWORD },
      });
      expect(ok.status).toBe(200);
      expect((await stack.gateway.get('/auth/me', { token: ok.body.tokens.accessToken })).status).toBe(200);
    });

    it.each([
      ['unknown to Cognito', () => `NEW_PASSWORD_REQUIRED:${'A'.repeat(40)}`],
      ['of another challenge', (s: string) => s.replace('NEW_PASSWORD_REQUIRED:', 'SOFTWARE_TOKEN_MFA:')],
      ['without its challenge name', (s: string) => s.slice('NEW_PASSWORD_REQUIRED:'.length)],
      ['too short for Cognito', () => 'NEW_PASSWORD_REQUIRED:abc'],
      ['too long for Cognito', () => `NEW_PASSWORD_REQUIRED:${'A'.repeat(5000)}`],
      ['that is not a session at all', () => 'x'],
      ['that is empty', () => ''],
    ])('a session %s is 400 INVALID_SESSION', async (_what, tamper) => {
      const { username, session } = await challenged();
      const res = await stack.gateway.post('/auth/challenges/new-password', {
        body: { username, session: tamper(session), newPassword: PASSWORD },
      });
      expectError(res, 400, 'INVALID_SESSION', stack.cognito);
    });

    it('an expired session is 400 INVALID_SESSION', async () => {
      const { username, session } = await challenged();
      stack.cognito.setClockOffset(4 * 60 * 1000);
      try {
        const res = await stack.gateway.post('/auth/challenges/new-password', {
          body: { username, session, newPassword: PASSWORD },
        });
        expectError(res, 400, 'INVALID_SESSION', stack.cognito);
      } finally {
        stack.cognito.setClockOffset(0);
      }
    });
  });

  describe('POST /auth/challenges/mfa', () => {
    it('a session Cognito does not know is 400 INVALID_SESSION; a non-numeric code is 400 VALIDATION_FAILED', async () => {
      const session = `SOFTWARE_TOKEN_MFA:${'B'.repeat(40)}`;
      expectError(
        await stack.gateway.post('/auth/challenges/mfa', {
          body: { username: 'alice', session, code: '123456' },
        }),
        400,
        'INVALID_SESSION',
      );
      const invalid = await stack.gateway.post('/auth/challenges/mfa', {
        body: { username: 'alice', session, code: '12a456' },
      });
      expectError(invalid, 400, 'VALIDATION_FAILED');
      expect(invalid.body.details).toEqual([expect.objectContaining({ field: 'code' })]);
    });
  });

  describe('POST /auth/refresh and POST /auth/revoke', () => {
    it('an unusable refresh token is 401 REFRESH_TOKEN_INVALID (garbage, an id token, a revoked one)', async () => {
      const { tokens } = await signedInUser(stack.gateway, stack.cognito);
      for (const refreshToken of ['not.a.token', tokens.idToken]) {
        expectError(
          await stack.gateway.post('/auth/refresh', { body: { refreshToken } }),
          401,
          'REFRESH_TOKEN_INVALID',
          stack.cognito,
        );
      }
      expect(
        (await stack.gateway.post('/auth/revoke', { body: { refreshToken: tokens.refreshToken } })).status,
      ).toBe(204);
      expectError(
        await stack.gateway.post('/auth/revoke', { body: { refreshToken: tokens.refreshToken } }),
        401,
        'REFRESH_TOKEN_INVALID',
        stack.cognito,
      );
      expectError(
        await stack.gateway.post('/auth/refresh', {
          body: { refreshToken: tokens.refreshToken, username: 'someone' },
        }),
        401,
        'REFRESH_TOKEN_INVALID',
      );
    });

    it('a missing refresh token is 400 VALIDATION_FAILED', async () => {
      expectError(await stack.gateway.post('/auth/refresh', { body: {} }), 400, 'VALIDATION_FAILED');
      expectError(
        await stack.gateway.post('/auth/revoke', { body: { refreshToken: '' } }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('routes that need X-Id-Token (sign-out, change-password)', () => {
    it.each(['/auth/sign-out', '/auth/change-password'])(
      '%s: bearer and id-token problems are 401',
      async (url) => {
        const alice = await signedInUser(stack.gateway, stack.cognito, 'alice');
        const bob = await signedInUser(stack.gateway, stack.cognito, 'bob');
        const body = url.endsWith('password')
          ? { currentPassword: PASSWORD, newPassword: PASSWORD }
          : undefined;
        expectError(await stack.gateway.post(url, { body }), 401, 'TOKEN_MISSING');
        expectError(
          await stack.gateway.post(url, { token: alice.tokens.accessToken, body }),
          401,
          'TOKEN_MISSING',
        );
        expectError(
          await stack.gateway.post(url, {
            ...fullSession({ ...alice.tokens, idToken: bob.tokens.idToken }),
            body,
          }),
          401,
          'TOKEN_INVALID',
        );
        expectError(
          await stack.gateway.post(url, {
            ...fullSession({ ...alice.tokens, idToken: alice.tokens.accessToken }),
            body,
          }),
          401,
          'TOKEN_INVALID',
        );
        expectError(
          await stack.gateway.post(url, {
            ...fullSession({ ...alice.tokens, accessToken: alice.tokens.idToken }),
            body,
          }),
          401,
          'TOKEN_INVALID',
        );
      },
    );

    it('an expired access token is 401 TOKEN_EXPIRED', async () => {
      const { username } = await createUser(stack.cognito, uniqueUsername('old'), {
        permanentPassword: PASSWORD,
      });
      stack.cognito.setClockOffset(-2 * 3600 * 1000);
      let old;
      try {
        old = await cognitoTokens(stack.cognito, username, PASSWORD);
      } finally {
        stack.cognito.setClockOffset(0);
      }
      expectError(await stack.gateway.post('/auth/sign-out', fullSession(old)), 401, 'TOKEN_EXPIRED');
      expectError(await stack.gateway.get('/auth/me', { token: old.accessToken }), 401, 'TOKEN_EXPIRED');
    });
  });

  describe('POST /auth/change-password', () => {
    it('a wrong current password is 400 PASSWORD_INCORRECT and the bearer stays valid', async () => {
      const { tokens } = await signedInUser(stack.gateway, stack.cognito);
      const res = await stack.gateway.post('/auth/change-password', {
        ...fullSession(tokens),
        body: { currentPassword: 'Wr0ng#Passw0rd', newPassword: 'An0ther#Passw0rd' },
      });
      expectError(res, 400, 'PASSWORD_INCORRECT', stack.cognito);
      expect((await stack.gateway.get('/auth/session', { token: tokens.accessToken })).status).toBe(200);
    });

    it('a new password that breaks the policy is 400 INVALID_PASSWORD; a too short one 400 VALIDATION_FAILED', async () => {
      const { tokens } = await signedInUser(stack.gateway, stack.cognito);
      expectError(
        await stack.gateway.post('/auth/change-password', {
          ...fullSession(tokens),
          body: { currentPassword: PASSWORD, newPassword: WEAK },
        }),
        400,
        'INVALID_PASSWORD',
      );
      expectError(
        await stack.gateway.post('/auth/change-password', {
          ...fullSession(tokens),
          body: { currentPassword: PASSWORD, newPassword: 'Ab#1' },
        }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('POST /auth/forgot-password and /confirm', () => {
    it('answers 202 with the same shape whether or not the user exists', async () => {
      const { username } = await createUser(stack.cognito, uniqueUsername('forgot'), {
        permanentPassword: PASSWORD,
      });
      const known = await stack.gateway.post('/auth/forgot-password', { body: { username } });
      const unknown = await stack.gateway.post('/auth/forgot-password', {
        body: { username: uniqueUsername('nobody') },
      });
      const unknownEmail = await stack.gateway.post('/auth/forgot-password', {
        body: { username: 'nobody@example.org' },
      });
      for (const res of [known, unknown, unknownEmail]) {
        expect(res.status).toBe(202);
        expect(res.body).toEqual({
          deliveryMedium: 'EMAIL',
          destination: expect.stringMatching(/^\w\*\*\*@\w\*\*\*$/),
        });
      }
      expect(unknownEmail.body.destination).toBe('n***@e***');
    });

    it('a wrong code and an unknown user are both 400 CODE_MISMATCH; a weak password 400 INVALID_PASSWORD', async () => {
      const { username } = await createUser(stack.cognito, uniqueUsername('confirm'), {
        permanentPassword: PASSWORD,
      });
      await stack.gateway.post('/auth/forgot-password', { body: { username } });
      const code = stack.cognito.lastCode(username)!;
      const wrongCode = code === '000000' ? '111111' : '000000';
      const wrong = await stack.gateway.post('/auth/forgot-password/confirm', {
        body: { username, code: wrongCode, newPassword: 'N3w#Passw0rd' },
      });
      const ghost = await stack.gateway.post('/auth/forgot-password/confirm', {
        body: { username: uniqueUsername('ghost'), code: wrongCode, newPassword: 'N3w#Passw0rd' },
      });
      expectError(wrong, 400, 'CODE_MISMATCH', stack.cognito);
      expect(ghost.text).toBe(wrong.text);
      expectError(
        await stack.gateway.post('/auth/forgot-password/confirm', {
          body: { username, code, newPassword: WEAK },
        }),
        400,
        'INVALID_PASSWORD',
      );
      expectError(
        await stack.gateway.post('/auth/forgot-password/confirm', {
          body: { username, code: '12345', newPassword: 'N3w#Passw0rd' },
        }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('a code used after its hour is 400 CODE_EXPIRED; a new code works', async () => {
      const { username } = await createUser(stack.cognito, uniqueUsername('expired'), {
        permanentPassword: PASSWORD,
      });
      await stack.gateway.post('/auth/forgot-password', { body: { username } });
      const code = stack.cognito.lastCode(username)!;
      stack.cognito.setClockOffset(61 * 60 * 1000);
      try {
        expectError(
          await stack.gateway.post('/auth/forgot-password/confirm', {
            body: { username, code, newPassword: 'N3w#Passw0rd' },
          }),
          400,
          'CODE_EXPIRED',
        );
        await stack.gateway.post('/auth/forgot-password', { body: { username } });
        const confirm = await stack.gateway.post('/auth/forgot-password/confirm', {
          body: { username, code: stack.cognito.lastCode(username)!, newPassword: 'N3w#Passw0rd' },
        });
        expect(confirm.status).toBe(204);
      } finally {
        stack.cognito.setClockOffset(0);
      }
    });
  });

  describe('profile and MFA routes (bearer)', () => {
    it('GET /auth/me without a token is 401 TOKEN_MISSING', async () => {
      expectError(await stack.gateway.get('/auth/me'), 401, 'TOKEN_MISSING');
    });

    it('PATCH /auth/me refuses malformed maps (400) and attributes the pool does not have (400)', async () => {
      const { tokens } = await signedInUser(stack.gateway, stack.cognito);
      for (const attributes of [{ name: 42 }, { sub: 'mine' }, { 'bad name': 'x' }, []]) {
        expectError(
          await stack.gateway.request('PATCH', '/auth/me', {
            token: tokens.accessToken,
            body: { attributes },
          }),
          400,
          'VALIDATION_FAILED',
        );
      }
      expectError(
        await stack.gateway.request('PATCH', '/auth/me', {
          token: tokens.accessToken,
          body: { attributes: { 'custom:nope': 'x' } },
        }),
        400,
        'VALIDATION_FAILED',
        stack.cognito,
      );
    });

    it('POST /auth/mfa/totp/verify with a wrong code is 400 CODE_MISMATCH; PUT /auth/mfa validates its enum', async () => {
      const { tokens } = await signedInUser(stack.gateway, stack.cognito);
      const setup = await stack.gateway.post('/auth/mfa/totp', { token: tokens.accessToken });
      const good = totp(setup.body.secretCode);
      const res = await stack.gateway.post('/auth/mfa/totp/verify', {
        token: tokens.accessToken,
        body: { code: good === '000000' ? '111111' : '000000' },
      });
      expectError(res, 400, 'CODE_MISMATCH', stack.cognito);
      expectError(
        await stack.gateway.request('PUT', '/auth/mfa', {
          token: tokens.accessToken,
          body: { totp: 'ALWAYS' },
        }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('the OpenAPI document', () => {
    const routes: [string, string, string, boolean][] = [
      ['post', '/auth/sign-in', 'signIn', true],
      ['post', '/auth/challenges/new-password', 'completeNewPassword', true],
      ['post', '/auth/challenges/mfa', 'answerMfa', true],
      ['post', '/auth/refresh', 'refresh', true],
      ['post', '/auth/sign-out', 'signOut', false],
      ['post', '/auth/revoke', 'revokeRefreshToken', true],
      ['post', '/auth/change-password', 'changePassword', false],
      ['post', '/auth/forgot-password', 'forgotPassword', true],
      ['post', '/auth/forgot-password/confirm', 'confirmForgotPassword', true],
      ['get', '/auth/session', 'getSession', false],
      ['get', '/auth/me', 'getProfile', false],
      ['patch', '/auth/me', 'updateProfile', false],
      ['post', '/auth/mfa/totp', 'setUpTotp', false],
      ['post', '/auth/mfa/totp/verify', 'verifyTotp', false],
      ['put', '/auth/mfa', 'setMfaPreference', false],
    ];

    it('lists every Auth row with its operationId, tag, security and error responses', async () => {
      const doc = (await stack.gateway.get('/docs-json')).body;
      for (const [method, path, operationId, isPublic] of routes) {
        const op = doc.paths[path]?.[method];
        expect({ path, method, operationId: op?.operationId }).toEqual({ path, method, operationId });
        expect(op.tags).toEqual(['auth']);
        expect(op.security).toEqual(isPublic ? [] : [{ bearer: [] }]);
        const errors = Object.keys(op.responses).filter((status) => Number(status) >= 400);
        expect(errors.length).toBeGreaterThan(0);
      }
      for (const path of ['/auth/sign-out', '/auth/change-password']) {
        expect(doc.paths[path].post.parameters).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ name: 'X-Id-Token', in: 'header', required: true }),
          ]),
        );
      }
      expect(Object.keys(doc.paths['/auth/forgot-password'].post.responses)).toContain('202');
      expect(Object.keys(doc.paths['/auth/sign-out'].post.responses)).toContain('204');
    });
  });
});

describe('auth routes when Cognito is unreachable', () => {
  it('answer 503 UPSTREAM_UNAVAILABLE with Retry-After (SDK and identity-js paths)', async () => {
    const stack = await startStack();
    await stack.cognito.close();
    try {
      for (const [url, body] of [
        ['/auth/sign-in', { username: 'alice', password: 'whatever' }],
        ['/auth/forgot-password', { username: 'alice' }],
        ['/auth/refresh', { refreshToken: 'a.b.c' }],
      ] as const) {
        const res = await stack.gateway.post(url, { body });
        expectError(res, 503, 'UPSTREAM_UNAVAILABLE');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    } finally {
      await stack.stop();
    }
  });
});
