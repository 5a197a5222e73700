import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Logger } from '@nestjs/common';
import { CognitoUserPool } from 'amazon-cognito-identity-js';
import { DomainError } from '../common/domain-error';
import { CognitoSettings, secretHash } from '../cognito/cognito-settings';
import { AppConfig } from '../config/app-config';
import { validateEnv } from '../config/env.validation';
import { MetricsService } from '../metrics/metrics.service';
import { AccessTokenClaims, FullSessionUser } from './access-token-claims';
import { CognitoSessionService } from './cognito-session.service';
import { IdentityJsCallback, IdentityJsClient, RequestStorage } from './identity-js-client';
import { MemoryRevocationStore } from '../revocation/memory-revocation.store';

// identity-js's fallback: one MemoryStorage for the whole process.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MemoryStorage } = require('amazon-cognito-identity-js/lib/StorageHelper') as {
  MemoryStorage: { setItem: (key: string, value: string) => void; getItem: (key: string) => unknown };
};

const CLIENT_ID = 'client1';
const POOL_ID = 'us-east-1_Test1';
const now = () => Math.floor(Date.now() / 1000);

function jwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k' })}.${part(claims)}.c2ln`;
}

function userTokens(username: string, sub: string, iat = now()) {
  const common = { sub, iat, exp: iat + 3600, origin_jti: `origin-${sub}` };
  return {
    accessToken: jwt({ ...common, username, token_use: 'access', client_id: CLIENT_ID }),
    idToken: jwt({ ...common, 'cognito:username': username, token_use: 'id', aud: CLIENT_ID }),
    refreshToken: jwt({ ...common, token_use: 'refresh', jti: `r-${sub}` }),
  };
}

function caller(username: string, sub: string, iat?: number): FullSessionUser {
  const tokens = userTokens(username, sub, iat);
  const claims = JSON.parse(
    Buffer.from(tokens.accessToken.split('.')[1], 'base64url').toString(),
  ) as AccessTokenClaims;
  return { claims, accessToken: tokens.accessToken, idToken: tokens.idToken };
}

type Call = { operation: string; params: Record<string, any> };
type Answer = (operation: string, params: Record<string, any>) => unknown;

/** The Cognito boundary, stubbed: identity-js's request client and the SDK client record every call. */
function stubs(answer: Answer, clientSecret?: string) {
  const calls: Call[] = [];
  const reply = (operation: string, params: unknown): unknown => {
    calls.push({ operation, params: params as Record<string, any> });
    return answer(operation, params as Record<string, any>);
  };
  const identityClient: IdentityJsClient = {
    request(operation: string, params: unknown, callback: IdentityJsCallback) {
      Promise.resolve()
        .then(() => reply(operation, params))
        .then(
          (data) => callback(null, data),
          (error: Error) => callback(error),
        );
    },
    requestWithRetry(operation: string, params: unknown, callback: IdentityJsCallback) {
      this.request(operation, params, callback);
    },
  };
  const sdk = {
    send: jest.fn((command: { constructor: { name: string }; input: unknown }) =>
      Promise.resolve().then(() => reply(command.constructor.name.replace(/Command$/, ''), command.input)),
    ),
  } as unknown as CognitoIdentityProviderClient;
  const revocations = new MemoryRevocationStore();
  jest.spyOn(revocations, 'revokeUserNow').mockResolvedValue();
  jest.spyOn(revocations, 'revokeSession');
  const service = new CognitoSessionService(
    sdk,
    new CognitoUserPool({ UserPoolId: POOL_ID, ClientId: CLIENT_ID }),
    identityClient,
    new CognitoSettings('us-east-1', POOL_ID, CLIENT_ID, clientSecret, 'http://127.0.0.1:1'),
    new AppConfig(validateEnv({ AUTH_FLOW: 'USER_PASSWORD_AUTH' })),
    revocations,
    new MetricsService(),
  );
  return { service, calls, revocations };
}

const cognitoError = (name: string, message = '') => Object.assign(new Error(message), { name, code: name });
const authResult = (sub: string, extra: object = {}) => {
  const t = userTokens('alice', sub);
  return { AccessToken: t.accessToken, IdToken: t.idToken, RefreshToken: t.refreshToken, ...extra };
};

describe('CognitoSessionService (Cognito stubbed)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => jest.restoreAllMocks());

  describe('the rebuilt identity-js session', () => {
    it('never writes to the process-wide MemoryStorage; each request gets its own storage', async () => {
      const shared = jest.spyOn(MemoryStorage, 'setItem');
      const perRequest = jest.spyOn(RequestStorage.prototype, 'setItem');
      const { service } = stubs(() => ({}));
      const alice = caller('alice', 'sub-a');
      const bob = caller('bob', 'sub-b');

      await Promise.all([
        service.changePassword(alice, 'Old#Passw0rd', 'New#Passw0rd'),
        service.changePassword(bob, 'Old#Passw0rd', 'New#Passw0rd'),
        service.signOut(alice),
      ]);

      expect(shared).not.toHaveBeenCalled();
      expect(MemoryStorage.getItem(`CognitoIdentityServiceProvider.${CLIENT_ID}.alice.accessToken`)).toBe(
        undefined,
      );
      const storages = new Map<RequestStorage, string[]>();
      for (const [index, call] of perRequest.mock.calls.entries()) {
        const storage = perRequest.mock.contexts[index] as RequestStorage;
        storages.set(storage, [...(storages.get(storage) ?? []), call[1]]);
      }
      expect(storages.size).toBe(3);
      for (const values of storages.values()) {
        const holdsAlice = values.includes(alice.accessToken);
        const holdsBob = values.includes(bob.accessToken);
        expect(holdsAlice !== holdsBob).toBe(true);
      }
    });

    it('sends the verified access token and names the user from it, not from the request', async () => {
      const { service, calls } = stubs(() => ({}));
      const alice = caller('alice', 'sub-a');
      const keys = jest.spyOn(RequestStorage.prototype, 'setItem');
      await service.changePassword(alice, 'Old#Passw0rd', 'New#Passw0rd');
      expect(calls).toEqual([
        {
          operation: 'ChangePassword',
          params: expect.objectContaining({
            AccessToken: alice.accessToken,
            PreviousPassword: 'Old#Passw0rd',
            ProposedPassword: 'New#Passw0rd',
          }),
        },
      ]);
      expect(keys.mock.calls.map(([key]) => key)).toContain(
        `CognitoIdentityServiceProvider.${CLIENT_ID}.alice.accessToken`,
      );
    });

    it('sets ClockDrift to 0: tokens issued two hours ago are expired, not "fresh"', async () => {
      const { service, calls } = stubs(() => ({}));
      const stale = caller('alice', 'sub-a', now() - 7200);
      await expect(service.changePassword(stale, 'Old#Passw0rd', 'New#Passw0rd')).rejects.toMatchObject({
        code: 'TOKEN_EXPIRED',
      });
      expect(calls).toHaveLength(0);
    });
  });

  describe('sign-in and challenges (stateless)', () => {
    it.each([
      ['SOFTWARE_TOKEN_MFA', {}],
      ['SMS_MFA', { CODE_DELIVERY_DESTINATION: '+*******1234' }],
    ])('returns %s with Cognito’s session, tagged with the challenge', async (name, parameters) => {
      const { service } = stubs(() => ({
        ChallengeName: name,
        Session: 'cognito-session',
        ChallengeParameters: parameters,
      }));
      await expect(service.signIn('alice', 'Passw0rd!')).resolves.toEqual({
        status: 'CHALLENGE',
        challenge: { name, session: `${name}:cognito-session` },
      });
    });

    it('NEW_PASSWORD_REQUIRED lists the required attributes without their prefix', async () => {
      const { service } = stubs(() => ({
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: 'cognito-session',
        ChallengeParameters: { requiredAttributes: '["userAttributes.name"]', userAttributes: '{}' },
      }));
      await expect(service.signIn('alice', 'Temp#Passw0rd')).resolves.toEqual({
        status: 'CHALLENGE',
        challenge: {
          name: 'NEW_PASSWORD_REQUIRED',
          session: 'NEW_PASSWORD_REQUIRED:cognito-session',
          requiredAttributes: ['name'],
        },
      });
    });

    it('MFA_SETUP starts enrolment with the challenge session and finishes on the MFA route', async () => {
      const { service, calls } = stubs((operation) => {
        switch (operation) {
          case 'InitiateAuth':
            return { ChallengeName: 'MFA_SETUP', Session: 's1', ChallengeParameters: {} };
          case 'AssociateSoftwareToken':
            return { SecretCode: 'JBSWY3DPEHPK3PXP', Session: 's2' };
          case 'VerifySoftwareToken':
            return { Status: 'SUCCESS', Session: 's3' };
          default:
            return { AuthenticationResult: authResult('sub-a'), ChallengeParameters: {} };
        }
      });
      const started = await service.signIn('alice', 'Passw0rd!');
      expect(started).toMatchObject({
        status: 'CHALLENGE',
        challenge: {
          name: 'MFA_SETUP',
          session: 'MFA_SETUP:s2',
          secretCode: 'JBSWY3DPEHPK3PXP',
          otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/.+secret=JBSWY3DPEHPK3PXP/),
        },
      });
      const done = await service.answerMfa('alice', 'MFA_SETUP:s2', '123456');
      expect(done.status).toBe('AUTHENTICATED');
      expect(calls.slice(2)).toEqual([
        {
          operation: 'VerifySoftwareToken',
          params: expect.objectContaining({ Session: 's2', UserCode: '123456' }),
        },
        {
          operation: 'RespondToAuthChallenge',
          params: expect.objectContaining({ ChallengeName: 'MFA_SETUP', Session: 's3' }),
        },
      ]);
    });

    it('answers SMS_MFA with the SMS code and the restored session', async () => {
      const { service, calls } = stubs(() => ({
        AuthenticationResult: authResult('sub-a'),
        ChallengeParameters: {},
      }));
      const result = await service.answerMfa('alice', 'SMS_MFA:cognito-session', '654321');
      expect(result).toMatchObject({
        status: 'AUTHENTICATED',
        tokens: { tokenType: 'Bearer', expiresIn: 3600 },
      });
      expect(calls[0]).toEqual({
        operation: 'RespondToAuthChallenge',
        params: expect.objectContaining({
          ChallengeName: 'SMS_MFA',
          Session: 'cognito-session',
          ChallengeResponses: expect.objectContaining({ USERNAME: 'alice', SMS_MFA_CODE: '654321' }),
        }),
      });
    });

    it('refuses a session of another challenge before calling Cognito', async () => {
      const { service, calls } = stubs(() => ({}));
      await expect(
        service.answerMfa('alice', 'NEW_PASSWORD_REQUIRED:cognito-session', '123456'),
      ).rejects.toMatchObject({
        code: 'INVALID_SESSION',
      });
      expect(calls).toHaveLength(0);
    });

    it('maps Cognito’s throttling to 429 with Retry-After, with nothing Cognito-specific', async () => {
      const { service } = stubs(() => {
        throw cognitoError('TooManyRequestsException', 'Rate exceeded for pool us-east-1_Test1');
      });
      const error = (await service.signIn('alice', 'x').catch((e: unknown) => e)) as DomainError;
      expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
      expect(error.message).not.toMatch(/Exception|us-east-1_/);
    });
  });

  describe('refresh', () => {
    it('returns no refresh token unless Cognito rotated it; expiresIn from the token when Cognito omits it', async () => {
      const old = userTokens('alice', 'sub-a').refreshToken;
      const { service } = stubs(() => ({
        AuthenticationResult: {
          AccessToken: authResult('sub-a').AccessToken,
          IdToken: authResult('sub-a').IdToken,
        },
      }));
      const tokens = await service.refresh(old);
      expect(tokens).toEqual({
        idToken: expect.any(String),
        accessToken: expect.any(String),
        expiresIn: 3600,
        tokenType: 'Bearer',
      });
    });

    it('returns the rotated refresh token', async () => {
      const { service } = stubs(() => ({
        AuthenticationResult: authResult('sub-a', { RefreshToken: 'rotated' }),
      }));
      await expect(service.refresh('old-refresh-token')).resolves.toMatchObject({ refreshToken: 'rotated' });
    });

    it('with an app client secret: SECRET_HASH of the given username; without a username, 400 before Cognito', async () => {
      const { service, calls } = stubs(() => ({ AuthenticationResult: authResult('sub-a') }), 's3cr3t');
      await service.refresh('old-refresh-token', 'alice');
      expect(calls[0].params.AuthParameters).toEqual({
        REFRESH_TOKEN: 'old-refresh-token',
        SECRET_HASH: secretHash('s3cr3t', 'alice', CLIENT_ID),
      });
      await expect(service.refresh('old-refresh-token')).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      expect(calls).toHaveLength(1);
    });

    it('maps a revoked refresh token to REFRESH_TOKEN_INVALID after one attempt', async () => {
      const { service, calls } = stubs(() => {
        throw cognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
      });
      await expect(service.refresh('revoked')).rejects.toMatchObject({
        code: 'REFRESH_TOKEN_INVALID',
      });
      expect(calls).toHaveLength(1);
    });
  });

  describe('revocation', () => {
    it('revoke: the session id is read from a JWT refresh token and revoked after Cognito accepted it', async () => {
      const { service, calls, revocations } = stubs(() => ({}));
      await service.revokeRefreshToken(userTokens('alice', 'sub-a').refreshToken);
      expect(calls.map((c) => c.operation)).toEqual(['RevokeToken']);
      expect(revocations.revokeSession).toHaveBeenCalledWith('origin-sub-a');
    });

    it('revoke: an opaque (AWS) refresh token is exchanged once to learn its session', async () => {
      const { service, calls, revocations } = stubs((operation) =>
        operation === 'InitiateAuth'
          ? { AuthenticationResult: authResult('sub-b', { RefreshToken: undefined }) }
          : {},
      );
      await service.revokeRefreshToken('eyJjdHkiOiJKV1QifQ.opaque.encrypted.refresh.token');
      expect(calls.map((c) => c.operation)).toEqual(['InitiateAuth', 'RevokeToken']);
      expect(revocations.revokeSession).toHaveBeenCalledWith('origin-sub-b');
    });

    it('revoke with an app client secret: RevokeToken carries it; an opaque token is not exchanged (no username)', async () => {
      const { service, calls, revocations } = stubs(() => ({}), 's3cr3t');
      await service.revokeRefreshToken('eyJjdHkiOiJKV1QifQ.opaque.encrypted.refresh.token');
      expect(calls).toEqual([
        {
          operation: 'RevokeToken',
          params: {
            ClientId: CLIENT_ID,
            ClientSecret: 's3cr3t',
            Token: 'eyJjdHkiOiJKV1QifQ.opaque.encrypted.refresh.token',
          },
        },
      ]);
      expect(revocations.revokeSession).not.toHaveBeenCalled();
    });

    it('revoke: nothing is revoked locally when Cognito refuses the token', async () => {
      const { service, revocations } = stubs(() => {
        throw cognitoError('NotAuthorizedException', 'User not authorized');
      });
      await expect(
        service.revokeRefreshToken(userTokens('alice', 'sub-a').refreshToken),
      ).rejects.toMatchObject({
        code: 'REFRESH_TOKEN_INVALID',
      });
      expect(revocations.revokeSession).not.toHaveBeenCalled();
    });

    it('sign-out: GlobalSignOut at Cognito, then the user’s earlier access tokens are refused here', async () => {
      const { service, calls, revocations } = stubs(() => ({}));
      const alice = caller('alice', 'sub-a');
      await service.signOut(alice);
      expect(calls).toEqual([{ operation: 'GlobalSignOut', params: { AccessToken: alice.accessToken } }]);
      expect(revocations.revokeUserNow).toHaveBeenCalledWith('sub-a');
    });
  });

  describe('forgot password (no user enumeration)', () => {
    it('answers an unknown user with the same shape as a real delivery, masked', async () => {
      const { service } = stubs((_op, params) => {
        if (params.Username === 'ghost@example.com')
          throw cognitoError('UserNotFoundException', 'User does not exist.');
        return {
          CodeDeliveryDetails: {
            DeliveryMedium: 'EMAIL',
            Destination: 'alice@example.com',
            AttributeName: 'email',
          },
        };
      });
      await expect(service.forgotPassword('alice')).resolves.toEqual({
        deliveryMedium: 'EMAIL',
        destination: 'a***@e***',
      });
      await expect(service.forgotPassword('ghost@example.com')).resolves.toEqual({
        deliveryMedium: 'EMAIL',
        destination: 'g***@e***',
      });
      const first = await service.forgotPassword('ghost@example.com');
      expect(await service.forgotPassword('ghost@example.com')).toEqual(first);
    });
  });
});
