import { Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CognitoAdminApi } from '../cognito/cognito-admin-api';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { PasswordPolicySource } from '../cognito/password-policy';
import { PoolDescriptionCache } from '../cognito/pool-description.cache';
import { AuthStep } from '../cognito/cognito-user-api.types';
import { MetricsService } from '../metrics/metrics.service';
import { SignInService } from './sign-in.service';

const tokens = { accessToken: 'access', idToken: 'id', refreshToken: 'refresh', expiresIn: 3600 };

/** Cognito's user API, stubbed: each method answers what the test says. */
function service(api: Partial<Record<keyof CognitoUserApi, (...args: any[]) => Promise<unknown>>>) {
  const pool = { describeUserPool: () => Promise.resolve({}) } as unknown as CognitoAdminApi;
  return new SignInService(
    api as unknown as CognitoUserApi,
    new MetricsService(),
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

  it.each(['SOFTWARE_TOKEN_MFA', 'SMS_MFA'])(
    'returns %s with Cognito’s session, tagged with the challenge',
    async (name) => {
      const signIns = service({ signIn: () => Promise.resolve(challenge(name)) });
      await expect(signIns.signIn('alice', 'Passw0rd!')).resolves.toEqual({
        status: 'CHALLENGE',
        challenge: { name, session: `${name}:cognito-session-0123456789` },
      });
    },
  );

  it('NEW_PASSWORD_REQUIRED lists the required attributes without their prefix', async () => {
    const step = challenge('NEW_PASSWORD_REQUIRED', {
      requiredAttributes: '["userAttributes.name"]',
      userAttributes: '{}',
    });
    const signIns = service({ signIn: () => Promise.resolve(step) });
    await expect(signIns.signIn('alice', 'Temp#Passw0rd')).resolves.toEqual({
      status: 'CHALLENGE',
      challenge: {
        name: 'NEW_PASSWORD_REQUIRED',
        session: 'NEW_PASSWORD_REQUIRED:cognito-session-0123456789',
        requiredAttributes: ['name'],
      },
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
});
