import { Logger } from '@nestjs/common';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { CognitoUserRecord } from '../cognito/cognito-user-api.types';
import { AccessTokenClaims, SignedInUser } from './access-token-claims';
import { ProfileService } from './profile.service';

const caller: SignedInUser = {
  claims: { username: 'alice', sub: 'sub-from-token' } as AccessTokenClaims,
  accessToken: 'access',
};

function profiles(user: CognitoUserRecord, secretCode?: string): ProfileService {
  const api = {
    getUser: () => Promise.resolve(user),
    associateSoftwareToken: () => Promise.resolve(secretCode),
  } as unknown as CognitoUserApi;
  return new ProfileService(api);
}

describe('ProfileService (CognitoUserApi stubbed)', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it.each([
    [[], undefined, 'DISABLED'],
    [['SOFTWARE_TOKEN_MFA'], undefined, 'ENABLED'],
    [['SOFTWARE_TOKEN_MFA'], 'SOFTWARE_TOKEN_MFA', 'PREFERRED'],
  ])('profile: MFA methods %j preferred %s → TOTP %s', async (mfaMethods, preferredMfa, totp) => {
    const user = {
      username: 'alice',
      attributes: { sub: 'sub-a', email: 'a@example.com' },
      mfaMethods,
      preferredMfa,
    };
    await expect(profiles(user).getProfile(caller)).resolves.toEqual({
      username: 'alice',
      sub: 'sub-a',
      attributes: { email: 'a@example.com' },
      mfa: { totp },
    });
  });

  it('profile: the token names the user when Cognito does not', async () => {
    await expect(profiles({ attributes: {}, mfaMethods: [] }).getProfile(caller)).resolves.toMatchObject({
      username: 'alice',
      sub: 'sub-from-token',
    });
  });

  it('TOTP set-up: the secret and an otpauth URI for the user; no secret is 503', async () => {
    const user = { attributes: {}, mfaMethods: [] };
    await expect(profiles(user, 'JBSWY3DPEHPK3PXP').setUpTotp(caller)).resolves.toEqual({
      secretCode: 'JBSWY3DPEHPK3PXP',
      otpauthUri: expect.stringMatching(
        /^otpauth:\/\/totp\/Cognito%20Gateway:alice\?secret=JBSWY3DPEHPK3PXP/,
      ),
    });
    await expect(profiles(user).setUpTotp(caller)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });
});
