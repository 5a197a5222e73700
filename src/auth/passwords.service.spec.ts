import { Logger } from '@nestjs/common';
import { CognitoAdminApi } from '../cognito/cognito-admin-api';
import { CognitoUserApi } from '../cognito/cognito-user-api';
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
  confirmPasswordReset: () => Promise.resolve(),
} as unknown as CognitoUserApi;

const admin = {
  getUser: (username: string) =>
    Promise.resolve({ Username: username, UserAttributes: [{ Name: 'sub', Value: `sub-${username}` }] }),
  userGlobalSignOut: () => Promise.resolve(),
} as unknown as CognitoAdminApi;

describe('PasswordsService (CognitoUserApi stubbed)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  const revocations = new MemoryRevocationStore();
  const passwords = new PasswordsService(api, admin, revocations, new DecoySecret('k'.repeat(32)));

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
    const other = new PasswordsService(api, admin, revocations, new DecoySecret('o'.repeat(32)));
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
