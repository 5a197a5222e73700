import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { validateEnv } from '../config/env.validation';
import { MetricsService } from '../metrics/metrics.service';
import { CognitoSettings, secretHash } from './cognito-settings';
import { CognitoUserApi } from './cognito-user-api';
import { UserSessionTokens } from './cognito-user-api.types';
import { RequestStorage } from './identity-js-request-client';
import { SignInTransport } from './sign-in-transport';

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

function session(username: string, iat = now()): UserSessionTokens {
  const common = { sub: `sub-${username}`, iat, exp: iat + 3600 };
  return {
    username,
    accessToken: jwt({ ...common, username, token_use: 'access', client_id: CLIENT_ID }),
    idToken: jwt({ ...common, 'cognito:username': username, token_use: 'id', aud: CLIENT_ID }),
  };
}

type Sent = { operation: string; input: Record<string, any> };

const cognitoError = (name: string, message = '', fault = 'client') =>
  Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: 400 } });

/** Cognito, stubbed at the SDK and the sign-in transport: every call this API makes is answered here. */
function stubbed(answer: (operation: string, input: Record<string, any>) => unknown, clientSecret?: string) {
  const sent: Sent[] = [];
  const send = (command: { constructor: { name: string }; input: unknown }): Promise<unknown> => {
    const operation = command.constructor.name.replace(/Command$/, '');
    sent.push({ operation, input: command.input as Record<string, any> });
    return Promise.resolve().then(() => answer(operation, command.input as Record<string, any>));
  };
  jest.spyOn(CognitoIdentityProviderClient.prototype, 'send').mockImplementation(send as never);
  const viaTransport = (operation: string) => (input: object) => {
    sent.push({ operation, input: input as Record<string, any> });
    return Promise.resolve().then(() => answer(operation, input as Record<string, any>)) as never;
  };
  jest.spyOn(SignInTransport.prototype, 'initiateAuth').mockImplementation(viaTransport('InitiateAuth'));
  jest
    .spyOn(SignInTransport.prototype, 'respondToAuthChallenge')
    .mockImplementation(viaTransport('RespondToAuthChallenge'));
  const api = new CognitoUserApi(
    new CognitoSettings('us-east-1', POOL_ID, CLIENT_ID, clientSecret, 'http://127.0.0.1:1'),
    new AppConfig(validateEnv({ AUTH_FLOW: 'USER_PASSWORD_AUTH' })),
    new MetricsService(),
  );
  return { api, sent };
}

describe('CognitoUserApi (Cognito stubbed at the SDK and the sign-in transport)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => jest.restoreAllMocks());

  describe('the rebuilt identity-js session (change password, global sign-out)', () => {
    it('never writes to the process-wide MemoryStorage; each request gets its own storage', async () => {
      const shared = jest.spyOn(MemoryStorage, 'setItem');
      const perRequest = jest.spyOn(RequestStorage.prototype, 'setItem');
      const { api } = stubbed(() => ({}));
      const alice = session('alice');
      const bob = session('bob');

      await Promise.all([
        api.changePassword(alice, 'Old#Passw0rd', 'New#Passw0rd'),
        api.changePassword(bob, 'Old#Passw0rd', 'New#Passw0rd'),
        api.globalSignOut(alice),
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
        expect(values.includes(alice.accessToken) !== values.includes(bob.accessToken)).toBe(true);
      }
    });

    it('sends the verified access token with the passwords', async () => {
      const { api, sent } = stubbed(() => ({}));
      const alice = session('alice');
      await api.changePassword(alice, 'Old#Passw0rd', 'New#Passw0rd');
      expect(sent).toEqual([
        {
          operation: 'ChangePassword',
          input: expect.objectContaining({
            AccessToken: alice.accessToken,
            PreviousPassword: 'Old#Passw0rd',
            ProposedPassword: 'New#Passw0rd',
          }),
        },
      ]);
    });

    it('sets ClockDrift to 0: tokens issued two hours ago are expired, not "fresh"', async () => {
      const { api } = stubbed(() => ({}));
      await expect(
        api.changePassword(session('alice', now() - 7200), 'Old#Passw0rd', 'New#Passw0rd'),
      ).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    });

    it('a refused call fails at once with the contract’s error (no retries of identity-js’s own client)', async () => {
      const { api } = stubbed(() => {
        throw cognitoError('NotAuthorizedException', 'Incorrect username or password.');
      });
      const started = Date.now();
      await expect(api.changePassword(session('alice'), 'Wr0ng#Pass', 'New#Passw0rd')).rejects.toMatchObject({
        code: 'PASSWORD_INCORRECT',
      });
      await expect(api.globalSignOut(session('alice'))).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
      expect(Date.now() - started).toBeLessThan(500);
    });
  });

  describe('challenges: plain RespondToAuthChallenge, with SECRET_HASH for an app client with a secret', () => {
    it('NEW_PASSWORD_REQUIRED: the new password, the prefixed attributes and the SECRET_HASH', async () => {
      const { api, sent } = stubbed(
        () => ({ AuthenticationResult: { AccessToken: 'a', IdToken: 'i' } }),
        's3cr3t',
      );
      const step = await api.answerNewPassword('alice', 'cognito-session', 'New#Passw0rd', { name: 'Alice' });
      expect(step).toEqual({ tokens: expect.objectContaining({ accessToken: 'a', idToken: 'i' }) });
      expect(sent[0].input).toEqual({
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ClientId: CLIENT_ID,
        Session: 'cognito-session',
        ChallengeResponses: {
          USERNAME: 'alice',
          NEW_PASSWORD: 'New#Passw0rd',
          'userAttributes.name': 'Alice',
          SECRET_HASH: secretHash('s3cr3t', 'alice', CLIENT_ID),
        },
      });
    });

    it('a made-up session is refused as INVALID_SESSION', async () => {
      const { api } = stubbed(() => {
        throw cognitoError('NotAuthorizedException', 'Invalid session for the user.');
      });
      await expect(api.answerNewPassword('nobody', 'AAAA', 'Xx!Passw0rd-123', {})).rejects.toMatchObject({
        code: 'INVALID_SESSION',
      });
    });

    it('answers SOFTWARE_TOKEN_MFA and SMS_MFA with their own code fields', async () => {
      const { api, sent } = stubbed(() => ({ AuthenticationResult: { AccessToken: 'a', IdToken: 'i' } }));
      await api.answerMfaCode('SOFTWARE_TOKEN_MFA', 'alice', 's1', '123456');
      await api.answerMfaCode('SMS_MFA', 'alice', 's2', '654321');
      expect(sent.map((s) => s.input.ChallengeResponses)).toEqual([
        { USERNAME: 'alice', SOFTWARE_TOKEN_MFA_CODE: '123456' },
        { USERNAME: 'alice', SMS_MFA_CODE: '654321' },
      ]);
    });

    it('MFA_SETUP: verifies the code with the challenge session, then answers with the next session', async () => {
      const { api, sent } = stubbed((operation) =>
        operation === 'VerifySoftwareToken'
          ? { Status: 'SUCCESS', Session: 's3' }
          : { AuthenticationResult: { AccessToken: 'a', IdToken: 'i' } },
      );
      const step = await api.completeTotpEnrolment('alice', 's2', '123456', 'Authenticator app');
      expect(step.tokens).toMatchObject({ accessToken: 'a' });
      expect(sent.map(({ operation, input }) => [operation, input.Session])).toEqual([
        ['VerifySoftwareToken', 's2'],
        ['RespondToAuthChallenge', 's3'],
      ]);
    });
  });

  it('sign-in with USER_PASSWORD_AUTH carries the SECRET_HASH of the username', async () => {
    const { api, sent } = stubbed(() => ({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's' }), 's3cr3t');
    await expect(api.signIn('alice', 'Passw0rd!')).resolves.toEqual({
      challenge: { name: 'SOFTWARE_TOKEN_MFA', session: 's', parameters: {} },
    });
    expect(sent[0].input.AuthParameters).toEqual({
      USERNAME: 'alice',
      PASSWORD: 'Passw0rd!',
      SECRET_HASH: secretHash('s3cr3t', 'alice', CLIENT_ID),
    });
  });

  it('a revoked refresh token is REFRESH_TOKEN_INVALID', async () => {
    const { api } = stubbed(() => {
      throw cognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
    });
    await expect(api.refresh('revoked')).rejects.toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
  });

  it('forgot password: no delivery for an unknown user or one without a verified channel', async () => {
    const { api } = stubbed((_operation, input) => {
      if (input.Username === 'ghost') throw cognitoError('UserNotFoundException', 'User does not exist.');
      if (input.Username === 'unverified')
        throw cognitoError(
          'InvalidParameterException',
          'Cannot reset password for the user as there is no registered/verified email',
        );
      return { CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: 'a***@e***' } };
    });
    await expect(api.sendPasswordResetCode('alice')).resolves.toEqual({
      medium: 'EMAIL',
      destination: 'a***@e***',
    });
    await expect(api.sendPasswordResetCode('ghost')).resolves.toBeUndefined();
    await expect(api.sendPasswordResetCode('unverified')).resolves.toBeUndefined();
  });

  describe('ping (readiness)', () => {
    it('resolves when Cognito refuses the made-up token: it answered', async () => {
      const { api } = stubbed(() => {
        throw cognitoError('NotAuthorizedException', 'Invalid Access Token');
      });
      await expect(api.ping()).resolves.toBeUndefined();
    });

    it('rejects on a 5xx or a transport failure', async () => {
      const { api } = stubbed(() => {
        throw cognitoError('InternalErrorException', '', 'server');
      });
      await expect(api.ping()).rejects.toMatchObject({ name: 'InternalErrorException' });
      jest.restoreAllMocks();
      const refused = stubbed(() => {
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      });
      await expect(refused.api.ping()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    });
  });
});
