import { UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DEFAULT_PASSWORD_POLICY } from '../../src/local-cognito/password-policy';
import { createUser, PASSWORD, uniqueUsername } from '../support/auth-helpers';
import { type Stack, useStack } from '../support/harness';

const start = (stack: Stack, username: string, method = 'EMAIL_OTP') =>
  stack.gateway.post('/auth/sign-in/passwordless', { body: { username, method } });

const answer = (stack: Stack, username: string, session: string, code: string) =>
  stack.gateway.post('/auth/challenges/otp', { body: { username, session, code } });

const wrongCode = (code: string) => (code === '00000000' ? '11111111' : '00000000');

describe('passwordless sign-in: one-time codes by email and SMS (real HTTP, local Cognito)', () => {
  const stack = useStack();

  afterEach(() => stack.cognito.setClockOffset(0));

  it('email: the code from the message signs in; a wrong one is CODE_MISMATCH; a used one is spent', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('otp'), {
      permanentPassword: PASSWORD,
    });
    const started = await start(stack, username);
    expect(started.status).toBe(200);
    expect(started.body).toEqual({
      status: 'CHALLENGE',
      challenge: {
        name: 'EMAIL_OTP',
        session: expect.stringMatching(/^EMAIL_OTP:/),
        delivery: { deliveryMedium: 'EMAIL', destination: 'o***@e***' },
      },
    });
    const { session } = started.body.challenge;
    const code = stack.cognito.lastCode(username)!;
    expect(code).toMatch(/^\d{8}$/);

    const wrong = await answer(stack, username, session, wrongCode(code));
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('CODE_MISMATCH');
    const done = await answer(stack, username, session, code);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('AUTHENTICATED');
    const me = await stack.gateway.get('/auth/session', { token: done.body.tokens.accessToken });
    expect(me.body.username).toBe(username);
    expect(typeof done.body.tokens.refreshToken).toBe('string');

    const reused = await answer(stack, username, session, code);
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('INVALID_SESSION');
  });

  it('SMS: the code goes to the verified phone', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('sms'), {
      permanentPassword: PASSWORD,
      attributes: { phone_number: '+15550009876', phone_number_verified: 'true' },
    });
    const started = await start(stack, username, 'SMS_OTP');
    expect(started.body.challenge).toEqual({
      name: 'SMS_OTP',
      session: expect.stringMatching(/^SMS_OTP:/),
      delivery: { deliveryMedium: 'SMS', destination: '+*******9876' },
    });
    const message = stack.cognito.messages.at(-1)!;
    expect(message).toMatchObject({ username, operation: 'Authentication', medium: 'SMS' });
    const done = await answer(stack, username, started.body.challenge.session, message.code);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('AUTHENTICATED');
  });

  it('a code past its 3 minutes is CODE_EXPIRED', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('late'), {
      permanentPassword: PASSWORD,
    });
    const started = await start(stack, username);
    stack.cognito.setClockOffset(3 * 60_000 + 5_000);
    const late = await answer(
      stack,
      username,
      started.body.challenge.session,
      stack.cognito.lastCode(username)!,
    );
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('CODE_EXPIRED');
  });

  it('unknown users and users without a verified email: the same challenge, INVALID_CREDENTIALS at the answer', async () => {
    const { username: known } = await createUser(stack.cognito, uniqueUsername('known'), {
      permanentPassword: PASSWORD,
    });
    const { username: unverified } = await createUser(stack.cognito, uniqueUsername('unverified'), {
      permanentPassword: PASSWORD,
      attributes: { email_verified: 'false' },
    });
    const real = await start(stack, known);
    const before = stack.cognito.messages.length;
    for (const username of [uniqueUsername('nobody'), unverified]) {
      const started = await start(stack, username);
      expect(started.status).toBe(200);
      expect(started.body).toEqual({
        status: 'CHALLENGE',
        challenge: {
          name: 'EMAIL_OTP',
          session: expect.stringMatching(/^EMAIL_OTP:/),
          delivery: {
            deliveryMedium: 'EMAIL',
            destination: expect.stringMatching(/^[a-z]\*\*\*@[a-z]\*\*\*$/),
          },
        },
      });
      expect(started.body.challenge.session.length).toBe(real.body.challenge.session.length);
      const refused = await answer(stack, username, started.body.challenge.session, '12345678');
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: 'Incorrect username or password.',
      });
    }
    expect(stack.cognito.messages.length).toBe(before);
  });

  it('refuses malformed input before Cognito: unknown method, bad code, foreign session', async () => {
    const bad = await stack.gateway.post('/auth/sign-in/passwordless', {
      body: { username: 'someone', method: 'CARRIER_PIGEON' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const badCode = await answer(stack, 'someone', 'EMAIL_OTP:' + 'x'.repeat(40), 'abc');
    expect(badCode.status).toBe(400);
    expect(badCode.body.code).toBe('VALIDATION_FAILED');
    const foreign = await answer(stack, 'someone', 'SOFTWARE_TOKEN_MFA:' + 'x'.repeat(40), '12345678');
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('INVALID_SESSION');
  });

  it('admin: a passwordless user (no temporary password) signs in by email code, never by password', async () => {
    const username = uniqueUsername('nopass');
    const created = await stack.gateway.post('/admin/users', {
      token: stack.adminToken,
      body: { username, email: `${username}@example.com`, passwordless: true },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username, status: 'CONFIRMED', emailVerified: true });
    expect(stack.cognito.messages.at(-1)).toMatchObject({
      username,
      operation: 'PasswordlessInvitation',
      code: '',
    });

    const started = await start(stack, username);
    const done = await answer(
      stack,
      username,
      started.body.challenge.session,
      stack.cognito.lastCode(username)!,
    );
    expect(done.body.status).toBe('AUTHENTICATED');
    const password = await stack.gateway.post('/auth/sign-in', { body: { username, password: PASSWORD } });
    expect(password.status).toBe(401);

    const both = await stack.gateway.post('/admin/users', {
      token: stack.adminToken,
      body: {
        username: uniqueUsername('both'),
        email: 'both@example.com',
        passwordless: true,
        temporaryPassword: 'Temp#Passw0rd1',
      },
    });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('passwordless sign-in: rate limits and a pool without it', () => {
  const stack = useStack({
    env: { RATE_LIMITS: 'on', RATE_LIMIT_PASSWORDLESS_SIGN_IN: '2/900', RATE_LIMIT_OTP_CHALLENGE: '2/900' },
  });

  it('codes sent and codes tried are limited per username', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('limited'), {
      permanentPassword: PASSWORD,
    });
    const first = await start(stack, username);
    expect((await start(stack, username.toUpperCase())).status).toBe(200);
    const third = await start(stack, username);
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('TOO_MANY_REQUESTS');
    expect(third.headers.get('retry-after')).toBeTruthy();

    const { session } = first.body.challenge;
    for (let i = 0; i < 2; i++) expect((await answer(stack, username, session, '99999999')).status).toBe(400);
    expect((await answer(stack, username, session, '99999999')).status).toBe(429);
  });

  it('a pool that allows no sign-in by code: METHOD_NOT_AVAILABLE, for sign-in and for admin create', async () => {
    await stack.sdk.send(
      new UpdateUserPoolCommand({
        UserPoolId: stack.cognito.userPoolId,
        Policies: {
          PasswordPolicy: DEFAULT_PASSWORD_POLICY,
          SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] },
        },
      }),
    );
    const { username } = await createUser(stack.cognito, uniqueUsername('nocode'), {
      permanentPassword: PASSWORD,
    });
    const refused = await start(stack, username);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('METHOD_NOT_AVAILABLE');

    const created = await stack.gateway.post('/admin/users', {
      token: stack.adminToken,
      body: { username: uniqueUsername('nocode'), email: 'nocode@example.com', passwordless: true },
    });
    expect(created.status).toBe(400);
    expect(created.body.code).toBe('METHOD_NOT_AVAILABLE');
  });
});
