import { Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CognitoAdminApi } from '../cognito/cognito-admin-api';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { PasswordPolicySource } from '../cognito/password-policy';
import { PoolDescriptionCache } from '../cognito/pool-description.cache';
import { AuthStep } from '../cognito/cognito-user-api.types';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { SignInService } from './sign-in.service';
import { WritableAttributes } from './writable-attributes';

const tokens = { accessToken: 'access', idToken: 'id', refreshToken: 'refresh', expiresIn: 3600 };

/** Cognito's user API, stubbed: each method answers what the test says. */
function service(api: Partial<Record<keyof CognitoUserApi, (...args: any[]) => Promise<unknown>>>) {
  const writable = new WritableAttributes({
    userWritableAttributes: ['name', 'given_name', 'email'],
  } as Partial<AppConfig> as AppConfig);
  const pool = { describeUserPool: () => Promise.resolve({}) } as unknown as CognitoAdminApi;
  return new SignInService(
    api as unknown as CognitoUserApi,
    new MetricsService(),
    writable,
    new PasswordPolicySource(new PoolDescriptionCache(pool)),
  );
}

const challenge = (name: string, parameters: Record<string, string> = {}): AuthStep => ({
  challenge: { name, session: 'cognito-session-0123456789', parameters },
});

describe('SignInService (CognitoUserApi stubbed)', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('returns the tokens of a completed sign-in', async () => {
    const signIns = service({ signIn: () => Promise.resolve({ tokens }) });
    await expect(signIns.signIn('alice', 'Passw0rd!')).resolves.toEqual({
      status: 'AUTHENTICATED',
      tokens: { ...tokens, tokenType: 'Bearer' },
    });
  });

  it('returns SOFTWARE_TOKEN_MFA with Cognito’s session, tagged with the challenge', async () => {
    const signIns = service({ signIn: () => Promise.resolve(challenge('SOFTWARE_TOKEN_MFA')) });
    await expect(signIns.signIn('alice', 'Passw0rd!')).resolves.toEqual({
      status: 'CHALLENGE',
      challenge: { name: 'SOFTWARE_TOKEN_MFA', session: 'SOFTWARE_TOKEN_MFA:cognito-session-0123456789' },
    });
  });

  it('returns SMS_MFA with its session and where the code went, masked', async () => {
    const step = challenge('SMS_MFA', {
      CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
      CODE_DELIVERY_DESTINATION: '+15555550123',
    });
    const signIns = service({ signIn: () => Promise.resolve(step) });
    await expect(signIns.signIn('alice', 'Passw0rd!')).resolves.toEqual({
      status: 'CHALLENGE',
      challenge: {
        name: 'SMS_MFA',
        session: 'SMS_MFA:cognito-session-0123456789',
        delivery: { deliveryMedium: 'SMS', destination: '+*******0123' },
      },
    });
  });

  it('NEW_PASSWORD_REQUIRED lists the required attributes without their prefix, also in its session', async () => {
    const step = challenge('NEW_PASSWORD_REQUIRED', {
      requiredAttributes: '["userAttributes.name"]',
      userAttributes: '{}',
    });
    const signIns = service({ signIn: () => Promise.resolve(step) });
    await expect(signIns.signIn('alice', 'Temp#Passw0rd')).resolves.toEqual({
      status: 'CHALLENGE',
      challenge: {
        name: 'NEW_PASSWORD_REQUIRED',
        session: `NEW_PASSWORD_REQUIRED.${Buffer.from('["name"]').toString('base64url')}:cognito-session-0123456789`,
        requiredAttributes: ['name'],
      },
    });
  });

  describe('the new password’s attributes: only those the challenge asked for, and users may write', () => {
    const step = challenge('NEW_PASSWORD_REQUIRED', {
      requiredAttributes: '["userAttributes.name","userAttributes.custom:role"]',
    });
    const answered: Record<string, string>[] = [];
    const signIns = service({
      signIn: () => Promise.resolve(step),
      answerNewPassword: (_u: string, _s: string, _p: string, attributes: Record<string, string>) => {
        answered.push(attributes);
        return Promise.resolve({ tokens });
      },
    });
    const sessionOf = async () => {
      const result = await signIns.signIn('alice', 'Temp#Passw0rd');
      return result.status === 'CHALLENGE' ? result.challenge.session : '';
    };

    it('a required attribute users may write is passed on', async () => {
      const done = await signIns.completeNewPassword('alice', await sessionOf(), 'N3w#Passw0rd', {
        name: 'Alice',
      });
      expect(done.status).toBe('AUTHENTICATED');
      expect(answered.at(-1)).toEqual({ name: 'Alice' });
    });

    it.each([
      ['one not asked for', { name: 'Alice', given_name: 'A' }, 'given_name', 'requiredAttributes'],
      ['one users may not write, even if asked for', { 'custom:role': 'admin' }, 'custom:role', 'may write'],
      ['a verification flag', { email_verified: 'true' }, 'email_verified', 'may write'],
      ['a Cognito claim', { 'cognito:groups': 'admin' }, 'cognito:groups', 'may write'],
    ])(
      '%s is 400 VALIDATION_FAILED naming it, and Cognito is not asked',
      async (_case, attributes, name, why) => {
        const before = answered.length;
        await expect(
          signIns.completeNewPassword('alice', await sessionOf(), 'N3w#Passw0rd', attributes),
        ).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          details: [{ field: `attributes.${name}`, message: expect.stringContaining(why) }],
        });
        expect(answered.length).toBe(before);
      },
    );

    it('a session whose names were widened still cannot set what users may not write', async () => {
      const names = Buffer.from('["name","email_verified"]').toString('base64url');
      await expect(
        signIns.completeNewPassword(
          'alice',
          `NEW_PASSWORD_REQUIRED.${names}:cognito-session-0123456789`,
          'N3w#Passw0rd',
          { email_verified: 'true' },
        ),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it.each([
      ['names that are not base64url JSON', 'NEW_PASSWORD_REQUIRED.%%%:cognito-session-0123456789'],
      [
        'names that are not a list',
        `NEW_PASSWORD_REQUIRED.${Buffer.from('{}').toString('base64url')}:cognito-session-0123456789`,
      ],
      [
        'names on another challenge',
        `SMS_MFA.${Buffer.from('[]').toString('base64url')}:cognito-session-0123456789`,
      ],
      ['two name parts', 'NEW_PASSWORD_REQUIRED.W10.W10:cognito-session-0123456789'],
    ])('refuses %s as INVALID_SESSION', async (_case, session) => {
      await expect(signIns.completeNewPassword('alice', session, 'N3w#Passw0rd')).rejects.toMatchObject({
        code: 'INVALID_SESSION',
      });
    });
  });

  it('MFA_SETUP starts enrolment with the challenge session and finishes on the MFA route', async () => {
    const signIns = service({
      signIn: () => Promise.resolve(challenge('MFA_SETUP')),
      startTotpEnrolment: (session: string) =>
        Promise.resolve({ secretCode: 'JBSWY3DPEHPK3PXP', session: `${session}+enrolling` }),
      completeTotpEnrolment: (_username: string, session: string) =>
        Promise.resolve(
          session === 'cognito-session-0123456789+enrolling' ? { tokens } : challenge('MFA_SETUP'),
        ),
    });
    const started = await signIns.signIn('alice', 'Passw0rd!');
    expect(started).toEqual({
      status: 'CHALLENGE',
      challenge: {
        name: 'MFA_SETUP',
        session: 'MFA_SETUP:cognito-session-0123456789+enrolling',
        secretCode: 'JBSWY3DPEHPK3PXP',
        otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/.+secret=JBSWY3DPEHPK3PXP/),
      },
    });
    const done = await signIns.answerMfa('alice', 'MFA_SETUP:cognito-session-0123456789+enrolling', '123456');
    expect(done.status).toBe('AUTHENTICATED');
  });

  it('answers an MFA code challenge with its own name and Cognito’s session', async () => {
    const signIns = service({
      answerMfaCode: (name: string, _username: string, session: string, code: string) =>
        Promise.resolve(
          name === 'SMS_MFA' && session === 'cognito-session-0123456789' && code === '654321'
            ? { tokens }
            : {},
        ),
    });
    await expect(
      signIns.answerMfa('alice', 'SMS_MFA:cognito-session-0123456789', '654321'),
    ).resolves.toMatchObject({
      status: 'AUTHENTICATED',
    });
  });

  it.each([
    ['a session of another challenge', 'NEW_PASSWORD_REQUIRED:cognito-session-0123456789'],
    ['an untagged session', 'cognito-session-0123456789'],
    ['a tag without a session', 'SMS_MFA:'],
  ])('refuses %s as INVALID_SESSION', async (_case, session) => {
    const signIns = service({});
    await expect(signIns.answerMfa('alice', session, '123456')).rejects.toMatchObject({
      code: 'INVALID_SESSION',
    });
  });

  it('passes Cognito’s refusal of a new password on as it is', async () => {
    const refusal = new DomainError(
      ErrorCode.INVALID_SESSION,
      'The challenge session is invalid or has expired',
    );
    const signIns = service({ answerNewPassword: () => Promise.reject(refusal) });
    await expect(
      signIns.completeNewPassword('nobody', 'NEW_PASSWORD_REQUIRED:AAAAAAAAAAAAAAAAAAAA', 'Xx!Passw0rd-123'),
    ).rejects.toBe(refusal);
  });

  it('a step this gateway does not support is an internal error', async () => {
    const signIns = service({ signIn: () => Promise.resolve(challenge('CUSTOM_CHALLENGE')) });
    await expect(signIns.signIn('alice', 'Passw0rd!')).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
  });

  it('returns EMAIL_OTP with where the code went, masked, and the challenge’s medium if Cognito names none', async () => {
    const step = challenge('EMAIL_OTP', { CODE_DELIVERY_DESTINATION: 'alice@example.com' });
    const signIns = service({ startPasswordlessSignIn: () => Promise.resolve(step) });
    await expect(signIns.startPasswordlessSignIn('alice', 'EMAIL_OTP')).resolves.toEqual({
      status: 'CHALLENGE',
      challenge: {
        name: 'EMAIL_OTP',
        session: 'EMAIL_OTP:cognito-session-0123456789',
        delivery: { deliveryMedium: 'EMAIL', destination: 'a***@e***' },
      },
    });
  });

  it.each(['PASSWORD', 'SMS_OTP', 'WEB_AUTHN'])(
    'an email-code sign-in answered with %s instead is METHOD_NOT_AVAILABLE, never that challenge',
    async (other) => {
      const signIns = service({ startPasswordlessSignIn: () => Promise.resolve(challenge(other)) });
      await expect(signIns.startPasswordlessSignIn('alice', 'EMAIL_OTP')).rejects.toMatchObject({
        code: 'METHOD_NOT_AVAILABLE',
      });
    },
  );

  describe('passkeys', () => {
    const options = { challenge: 'Y2hhbGxlbmdl', rpId: 'localhost', allowCredentials: [] };

    it('returns WEB_AUTHN with the request options as an object and a tagged session', async () => {
      const signIns = service({
        startPasskeySignIn: () =>
          Promise.resolve(challenge('WEB_AUTHN', { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) })),
      });
      await expect(signIns.startPasskeySignIn('alice')).resolves.toEqual({
        status: 'CHALLENGE',
        challenge: {
          name: 'WEB_AUTHN',
          session: 'WEB_AUTHN:cognito-session-0123456789',
          credentialRequestOptions: options,
        },
      });
    });

    it('is METHOD_NOT_AVAILABLE when Cognito offers a choice instead (no WEB_AUTHN in the pool)', async () => {
      const signIns = service({
        startPasskeySignIn: () => Promise.resolve(challenge('SELECT_CHALLENGE')),
      });
      await expect(signIns.startPasskeySignIn('alice')).rejects.toMatchObject({
        code: 'METHOD_NOT_AVAILABLE',
      });
    });

    it.each(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'])(
      'is METHOD_NOT_AVAILABLE, never another challenge, when Cognito answers %s',
      async (other) => {
        const signIns = service({ startPasskeySignIn: () => Promise.resolve(challenge(other)) });
        await expect(signIns.startPasskeySignIn('alice')).rejects.toMatchObject({
          code: 'METHOD_NOT_AVAILABLE',
        });
      },
    );

    it('request options that are not a JSON object are an internal error, not a challenge', async () => {
      const signIns = service({
        startPasskeySignIn: () =>
          Promise.resolve(challenge('WEB_AUTHN', { CREDENTIAL_REQUEST_OPTIONS: '[1]' })),
      });
      await expect(signIns.startPasskeySignIn('alice')).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
    });

    it('answers WEB_AUTHN with Cognito’s session and the credential as it came', async () => {
      const credential = { id: 'abc', type: 'public-key' };
      const signIns = service({
        answerPasskey: (_username: string, session: string, given: unknown) =>
          Promise.resolve(session === 'cognito-session-0123456789' && given === credential ? { tokens } : {}),
      });
      await expect(
        signIns.answerPasskey('alice', 'WEB_AUTHN:cognito-session-0123456789', credential),
      ).resolves.toMatchObject({ status: 'AUTHENTICATED' });
    });

    it('refuses another challenge’s session before asking Cognito', async () => {
      const signIns = service({});
      await expect(
        signIns.answerPasskey('alice', 'EMAIL_OTP:cognito-session-0123456789', {}),
      ).rejects.toMatchObject({ code: 'INVALID_SESSION' });
    });
  });
});
