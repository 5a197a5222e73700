import { Logger } from '@nestjs/common';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { CognitoUserRecord } from '../cognito/cognito-user-api.types';
import { AccessTokenClaims, SignedInUser } from './access-token-claims';
import { AppConfig } from '../config/app-config';
import { ProfileService } from './profile.service';
import { WritableAttributes } from './writable-attributes';

const caller: SignedInUser = {
  claims: { username: 'alice', sub: 'sub-from-token' } as AccessTokenClaims,
  accessToken: 'access',
};

function profiles(user: CognitoUserRecord, secretCode?: string): ProfileService {
  const api = {
    getUser: () => Promise.resolve(user),
    associateSoftwareToken: () => Promise.resolve(secretCode),
    updateUserAttributes: (_token: string, attributes: Record<string, string>) => {
      Object.assign(user.attributes, attributes);
      return Promise.resolve();
    },
  } as unknown as CognitoUserApi;
  const writable = new WritableAttributes({
    userWritableAttributes: ['name', 'email'],
  } as Partial<AppConfig> as AppConfig);
  return new ProfileService(api, writable);
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

  it('update: writable attributes are written; any other is 400 VALIDATION_FAILED and nothing is written', async () => {
    const user = { attributes: { email: 'a@example.com' }, mfaMethods: [] };
    const service = profiles(user);
    await expect(service.updateProfile(caller, { name: 'Alice' })).resolves.toMatchObject({
      attributes: { email: 'a@example.com', name: 'Alice' },
    });
    await expect(
      service.updateProfile(caller, { name: 'Mallory', email_verified: 'true', 'custom:role': 'admin' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        { field: 'attributes.email_verified', message: 'email_verified is not an attribute users may write' },
        { field: 'attributes.custom:role', message: 'custom:role is not an attribute users may write' },
      ],
    });
    expect(user.attributes).toEqual({ email: 'a@example.com', name: 'Alice' });
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
