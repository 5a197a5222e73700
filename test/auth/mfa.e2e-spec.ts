import {
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createUser, PASSWORD, signIn, TEMP_PASSWORD, uniqueUsername } from '../support/auth-helpers';
import { useStack } from '../support/harness';
import { totp } from '../support/totp';

/**
 * A pool that requires MFA: a user without an authenticator gets MFA_SETUP at sign-in, enrols with the
 * secret the gateway hands out and answers with a code, all before any token; later sign-ins ask for the
 * code. Also through an app client with a secret (the answer carries a SECRET_HASH).
 */
describe.each([
  ['', false],
  [' (app client with a secret)', true],
])('MFA required by the pool%s', (_label, clientSecret) => {
  const stack = useStack({ clientSecret });

  beforeAll(async () => {
    await stack.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: stack.cognito.userPoolId,
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
  });

  const enrol = async (
    username: string,
    challenge: { name: string; session: string; secretCode: string },
  ) => {
    expect(challenge).toEqual({
      name: 'MFA_SETUP',
      session: expect.any(String),
      secretCode: expect.stringMatching(/^[A-Z2-7]{16,}$/),
      otpauthUri: expect.stringContaining(`secret=${challenge.secretCode}`),
    });
    const wrongCode = totp(challenge.secretCode) === '000000' ? '111111' : '000000';
    const wrong = await stack.gateway.post('/auth/challenges/mfa', {
      body: { username, session: challenge.session, code: wrongCode },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('CODE_MISMATCH');
    // the refused code spent nothing: the same session takes the right one
    const answer = await stack.gateway.post('/auth/challenges/mfa', {
      body: { username, session: challenge.session, code: totp(challenge.secretCode) },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('AUTHENTICATED');
    const session = await stack.gateway.get('/auth/session', { token: answer.body.tokens.accessToken });
    expect(session.status).toBe(200);
    return challenge.secretCode;
  };

  it('sign-in without an authenticator: MFA_SETUP, enrolment, tokens; the next sign-in asks for the code', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('mfa'), {
      permanentPassword: PASSWORD,
    });
    const start = await stack.gateway.post('/auth/sign-in', { body: { username, password: PASSWORD } });
    expect(start.status).toBe(200);
    expect(start.body.status).toBe('CHALLENGE');
    const secret = await enrol(username, start.body.challenge);

    const again = await stack.gateway.post('/auth/sign-in', { body: { username, password: PASSWORD } });
    expect(again.body).toEqual({
      status: 'CHALLENGE',
      challenge: { name: 'SOFTWARE_TOKEN_MFA', session: expect.any(String) },
    });
    const answer = await stack.gateway.post('/auth/challenges/mfa', {
      body: { username, session: again.body.challenge.session, code: totp(secret) },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('AUTHENTICATED');
    const me = await stack.gateway.get('/auth/me', { token: answer.body.tokens.accessToken });
    expect(me.body.mfa).toEqual({ totp: 'PREFERRED' });
  });

  it('first access: NEW_PASSWORD_REQUIRED, then MFA_SETUP, then tokens', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('mfa-first'));
    const first = await stack.gateway.post('/auth/sign-in', { body: { username, password: TEMP_PASSWORD } });
    expect(first.body.challenge.name).toBe('NEW_PASSWORD_REQUIRED');
    const answered = await stack.gateway.post('/auth/challenges/new-password', {
      body: { username, session: first.body.challenge.session, newPassword: PASSWORD },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('CHALLENGE');
    await enrol(username, answered.body.challenge);
  });
});

/** SMS as the second factor: the code goes to the user's phone (here: the local Cognito's messages). */
describe('SMS_MFA', () => {
  const stack = useStack();

  it('a user who chose SMS gets SMS_MFA, answered with the code sent to their phone', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('sms'), {
      permanentPassword: PASSWORD,
      attributes: { phone_number: '+15555550123', phone_number_verified: 'true' },
    });
    const first = await signIn(stack.gateway, username, PASSWORD);
    await stack.sdk.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: first.accessToken,
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );

    const start = await stack.gateway.post('/auth/sign-in', { body: { username, password: PASSWORD } });
    expect(start.body).toEqual({
      status: 'CHALLENGE',
      challenge: {
        name: 'SMS_MFA',
        session: expect.any(String),
        delivery: { deliveryMedium: 'SMS', destination: '+*******0123' },
      },
    });
    const code = stack.cognito.lastCode(username)!;
    expect(code).toMatch(/^\d{6}$/);
    expect(stack.cognito.messages.at(-1)).toMatchObject({
      operation: 'Authentication',
      username,
      medium: 'SMS',
      destination: '+15555550123',
      code,
    });
    const wrong = await stack.gateway.post('/auth/challenges/mfa', {
      body: {
        username,
        session: start.body.challenge.session,
        code: code === '000000' ? '111111' : '000000',
      },
    });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'CODE_MISMATCH']);
    const answer = await stack.gateway.post('/auth/challenges/mfa', {
      body: { username, session: start.body.challenge.session, code },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('AUTHENTICATED');
  });
});
