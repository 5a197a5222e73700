import { Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CognitoAdminApi } from '../cognito/cognito-admin-api';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { PasswordPolicySource } from '../cognito/password-policy';
import { PoolDescriptionCache } from '../cognito/pool-description.cache';
import { AccessTokenClaims, FullSessionUser } from './access-token-claims';
import { PasswordsService } from './passwords.service';

/** Cognito's user API, stubbed: alice gets her code by email, anyone else gets none. */
const api = {
  sendPasswordResetCode: (username: string) =>
    Promise.resolve(username === 'alice' ? { medium: 'EMAIL', destination: 'alice@example.com' } : undefined),
  changePassword: (tokens: { username: string }) =>
    Promise.resolve(tokens.username === 'alice' ? undefined : Promise.reject(new Error(tokens.username))),
  confirmPasswordReset: (_username: string, _code: string, newPassword: string) =>
    Promise.reject(
      new DomainError(
        ErrorCode.INVALID_PASSWORD,
        newPassword === 'Used#Passw0rd' ? 'Password has previously been used' : 'Password not long enough',
      ),
    ),
} as unknown as CognitoUserApi;

/** A pool of twelve-character passwords with digits, described by Cognito's admin API (stubbed). */
const pool = {
  describeUserPool: () =>
    Promise.resolve({ Policies: { PasswordPolicy: { MinimumLength: 12, RequireNumbers: true } } }),
} as unknown as CognitoAdminApi;

describe('PasswordsService (CognitoUserApi stubbed)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  const passwords = new PasswordsService(api, new PasswordPolicySource(new PoolDescriptionCache(pool)));

  it('serves the pool’s password policy in the contract’s words', async () => {
    await expect(passwords.getPasswordPolicy()).resolves.toEqual({
      minimumLength: 12,
      requireUppercase: false,
      requireLowercase: false,
      requireNumbers: true,
      requireSymbols: false,
    });
  });

  it('a refused new password states the pool’s rules, and keeps a reason they do not say', async () => {
    await expect(passwords.confirmForgotPassword('alice', '123456', 'short')).rejects.toMatchObject({
      code: 'INVALID_PASSWORD',
      message: 'Password must be at least 12 characters and contain a number',
    });
    await expect(passwords.confirmForgotPassword('alice', '123456', 'Used#Passw0rd')).rejects.toMatchObject({
      code: 'INVALID_PASSWORD',
      message:
        'Password has previously been used. Password must be at least 12 characters and contain a number',
    });
  });

  it('forgot password: a real delivery is masked; an unknown user gets the same shape, stable across calls', async () => {
    await expect(passwords.forgotPassword('alice')).resolves.toEqual({
      deliveryMedium: 'EMAIL',
      destination: 'a***@e***',
    });
    await expect(passwords.forgotPassword('ghost@example.com')).resolves.toEqual({
      deliveryMedium: 'EMAIL',
      destination: 'g***@e***',
    });
    const first = await passwords.forgotPassword('ghost');
    expect(first).toEqual({
      deliveryMedium: 'EMAIL',
      destination: expect.stringMatching(/^[a-z]\*\*\*@[a-z]\*\*\*$/),
    });
    expect(await passwords.forgotPassword('ghost')).toEqual(first);
  });

  it('change password: the user is named by the verified access token, not by the request', async () => {
    const claims = { username: 'alice', sub: 'sub-a' } as AccessTokenClaims;
    const caller: FullSessionUser = { claims, accessToken: 'a', idToken: 'i' };
    await expect(passwords.changePassword(caller, 'Old#Passw0rd', 'New#Passw0rd')).resolves.toBeUndefined();
  });
});
