import { Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CognitoAdminApi } from '../cognito/cognito-admin-api';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { PasswordPolicySource } from '../cognito/password-policy';
import { PoolDescriptionCache } from '../cognito/pool-description.cache';
import { MemoryRevocationStore } from '../revocation/memory-revocation.store';
import { AccessTokenClaims, FullSessionUser } from './access-token-claims';
import { DecoySecret } from './decoy-secret';
import { PasswordsService } from './passwords.service';

/** Cognito's user API, stubbed: alice gets her code by email, anyone else gets none. */
const api = {
  sendPasswordResetCode: (username: string) =>
    Promise.resolve(username === 'alice' ? { medium: 'EMAIL', destination: 'alice@example.com' } : undefined),
  changePassword: (tokens: { username: string }) =>
    Promise.resolve(tokens.username === 'alice' ? undefined : Promise.reject(new Error(tokens.username))),
  globalSignOut: () => Promise.resolve(),
  confirmPasswordReset: (_username: string, _code: string, newPassword: string) =>
    newPassword === 'short' || newPassword === 'Used#Passw0rd'
      ? Promise.reject(
          new DomainError(
            ErrorCode.INVALID_PASSWORD,
            newPassword === 'Used#Passw0rd'
              ? 'Password has previously been used'
              : 'Password not long enough',
          ),
        )
      : Promise.resolve(),
} as unknown as CognitoUserApi;

/** Cognito's admin API, stubbed: users by name, and a pool of twelve-character passwords with digits. */
const admin = {
  getUser: (username: string) =>
    Promise.resolve({ Username: username, UserAttributes: [{ Name: 'sub', Value: `sub-${username}` }] }),
  userGlobalSignOut: () => Promise.resolve(),
  describeUserPool: () =>
    Promise.resolve({ Policies: { PasswordPolicy: { MinimumLength: 12, RequireNumbers: true } } }),
} as unknown as CognitoAdminApi;

describe('PasswordsService (CognitoUserApi stubbed)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  const revocations = new MemoryRevocationStore();
  const policy = new PasswordPolicySource(new PoolDescriptionCache(admin));
  const passwords = new PasswordsService(api, admin, revocations, new DecoySecret('k'.repeat(32)), policy);

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

  it('forgot password: an unknown user’s destination depends on the secret, not on the username alone', async () => {
    const ghosts = Array.from({ length: 20 }, (_, i) => `ghost-${i}`);
    const answers = (service: PasswordsService) =>
      Promise.all(ghosts.map(async (name) => (await service.forgotPassword(name)).destination));
    const other = new PasswordsService(api, admin, revocations, new DecoySecret('o'.repeat(32)), policy);
    expect(await answers(other)).not.toEqual(await answers(passwords));
  });

  it('change password: the user is named by the verified access token, not by the request', async () => {
    const claims = { username: 'alice', sub: 'sub-a' } as AccessTokenClaims;
    const caller: FullSessionUser = { claims, accessToken: 'a', idToken: 'i' };
    await expect(passwords.changePassword(caller, 'Old#Passw0rd', 'New#Passw0rd')).resolves.toBeUndefined();
  });

  it('change password and reset: every access token issued until then is refused, later ones are not', async () => {
    const claims = { username: 'alice', sub: 'sub-alice' } as AccessTokenClaims;
    const issuedAt = Math.floor(Date.now() / 1000);
    await passwords.changePassword(
      { claims, accessToken: 'a', idToken: 'i' },
      'Old#Passw0rd',
      'New#Passw0rd',
    );
    const exp = issuedAt + 3600;
    expect(revocations.isRevoked({ sub: 'sub-alice', iat: issuedAt, exp })).toBe(true);
    const later = Math.floor(Date.now() / 1000);
    expect(revocations.isRevoked({ sub: 'sub-alice', iat: later, exp })).toBe(false);

    await passwords.confirmForgotPassword('bob', '123456', 'New#Passw0rd');
    expect(revocations.isRevoked({ sub: 'sub-bob', iat: later, exp })).toBe(true);
  });
});
