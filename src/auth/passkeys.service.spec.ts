import { CognitoUserApi } from '../cognito/cognito-user-api';
import { PasskeyRecord } from '../cognito/cognito-user-api.types';
import { AccessTokenClaims, SignedInUser } from './access-token-claims';
import { PasskeysService } from './passkeys.service';

const caller: SignedInUser = {
  accessToken: 'access',
  claims: { username: 'alice', sub: 'sub-1' } as AccessTokenClaims,
};

const record = (credentialId: string, extra: Partial<PasskeyRecord> = {}): PasskeyRecord => ({
  credentialId,
  relyingPartyId: 'app.example.com',
  createdAt: new Date('2026-12-05T10:00:00Z'),
  ...extra,
});

/** Cognito's user API, stubbed as a store of one user's passkeys. */
function service(stored: PasskeyRecord[]) {
  const api: Partial<CognitoUserApi> = {
    listPasskeys: () => Promise.resolve([...stored]),
    completePasskeyRegistration: (_token, credential) => {
      stored.push(record(String(credential.id), { authenticatorAttachment: 'platform' }));
      return Promise.resolve();
    },
  };
  return new PasskeysService(api as CognitoUserApi);
}

describe('PasskeysService (CognitoUserApi stubbed)', () => {
  it('lists passkeys with ISO times, leaving out what Cognito did not say', async () => {
    const passkeys = service([record('a'), record('b', { friendlyName: 'Phone' })]);
    await expect(passkeys.listPasskeys(caller)).resolves.toEqual([
      { credentialId: 'a', relyingPartyId: 'app.example.com', createdAt: '2026-12-05T10:00:00.000Z' },
      {
        credentialId: 'b',
        friendlyName: 'Phone',
        relyingPartyId: 'app.example.com',
        createdAt: '2026-12-05T10:00:00.000Z',
      },
    ]);
  });

  it('answers a completed registration with the passkey Cognito now lists under its id', async () => {
    const passkeys = service([record('old')]);
    await expect(passkeys.completeRegistration(caller, { id: 'new' })).resolves.toEqual({
      credentialId: 'new',
      relyingPartyId: 'app.example.com',
      authenticatorAttachment: 'platform',
      createdAt: '2026-12-05T10:00:00.000Z',
    });
  });
});
