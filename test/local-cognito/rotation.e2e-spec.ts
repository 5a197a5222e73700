import {
  AdminInitiateAuthCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  GetLogDeliveryConfigurationCommand,
  GetTokensFromRefreshTokenCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  UpdateUserPoolClientCommand,
  type CreateUserPoolClientRequest,
  type UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { secretHash } from '../../src/cognito/cognito-settings';
import { startLocalCognito } from '../../src/local-cognito/local-cognito';
import { decode, failure, PASSWORD, useEmulator } from '../support/emulator';

const ROTATED_OUT = { name: 'RefreshTokenReuseException', message: 'Refresh Token has been rotated out' };
const REVOKED = { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' };

describe('local Cognito: GetTokensFromRefreshToken and refresh-token rotation (SDK v3 against the embedded emulator)', () => {
  const local = useEmulator();

  async function appClient(extra: Partial<CreateUserPoolClientRequest> = {}): Promise<UserPoolClientType> {
    const { UserPoolClient } = await local.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: local.emu.userPoolId,
        ClientName: local.uniqueName('client'),
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        ...extra,
      }),
    );
    return UserPoolClient!;
  }

  const rotating = (grace: number) =>
    appClient({
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: grace },
    });

  async function signIn(client: UserPoolClientType, username: string) {
    const hash: Record<string, string> = client.ClientSecret
      ? { SECRET_HASH: secretHash(client.ClientSecret, username, client.ClientId!) }
      : {};
    const { AuthenticationResult } = await local.sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: client.ClientId,
        AuthParameters: { USERNAME: username, PASSWORD, ...hash },
      }),
    );
    return AuthenticationResult!;
  }

  const exchange = (client: UserPoolClientType, refreshToken: string, clientSecret = client.ClientSecret) =>
    local.sdk
      .send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: client.ClientId,
          RefreshToken: refreshToken,
          ClientSecret: clientSecret,
        }),
      )
      .then((answer) => answer.AuthenticationResult!);

  describe('app clients carry RefreshTokenRotation', () => {
    it('Create, Describe and Update answer with it; an update without it keeps it', async () => {
      const created = await rotating(15);
      expect(created.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 15 });
      const describe = () =>
        local.sdk
          .send(
            new DescribeUserPoolClientCommand({
              UserPoolId: local.emu.userPoolId,
              ClientId: created.ClientId,
            }),
          )
          .then((answer) => answer.UserPoolClient!);
      expect((await describe()).RefreshTokenRotation).toEqual(created.RefreshTokenRotation);
      const update = (extra: object) =>
        local.sdk.send(
          new UpdateUserPoolClientCommand({
            UserPoolId: local.emu.userPoolId,
            ClientId: created.ClientId,
            ...extra,
          }),
        );
      await update({ ClientName: 'renamed' });
      expect(await describe()).toMatchObject({
        ClientName: 'renamed',
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 15 },
      });
      const updated = await update({ RefreshTokenRotation: { Feature: 'DISABLED' } });
      expect(updated.UserPoolClient!.RefreshTokenRotation).toEqual({
        Feature: 'DISABLED',
        RetryGracePeriodSeconds: 0,
      });
      expect((await describe()).RefreshTokenRotation!.Feature).toBe('DISABLED');
      expect((await appClient()).RefreshTokenRotation).toBeUndefined();
    });

    it('refuses a grace period outside 0..60 and an unknown Feature', async () => {
      for (const RefreshTokenRotation of [
        { Feature: 'ENABLED', RetryGracePeriodSeconds: 61 },
        { Feature: 'ENABLED', RetryGracePeriodSeconds: -1 },
        { Feature: 'SOMETIMES', RetryGracePeriodSeconds: 5 },
      ] as const) {
        expect(await failure(appClient({ RefreshTokenRotation } as never))).toMatchObject({
          name: 'InvalidParameterException',
          message: expect.stringMatching(/^1 validation error detected: .* at 'refreshTokenRotation\./),
        });
      }
    });

    it('the seeded app client rotates, with a 60 s grace period, and does not list REFRESH_TOKEN_AUTH', async () => {
      const { UserPoolClient: seeded } = await local.sdk.send(
        new DescribeUserPoolClientCommand({ UserPoolId: local.emu.userPoolId, ClientId: local.emu.clientId }),
      );
      expect(seeded!.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 60 });
      expect(seeded!.ExplicitAuthFlows).not.toContain('ALLOW_REFRESH_TOKEN_AUTH');
      expect(seeded!.PreventUserExistenceErrors).toBe('ENABLED');
    });
  });

  describe('rotation off', () => {
    it('answers access and id tokens without a refresh token; the same refresh token keeps working', async () => {
      const client = await appClient();
      const first = await signIn(client, await local.confirmedUser());
      for (let i = 0; i < 2; i++) {
        const again = await exchange(client, first.RefreshToken!);
        expect(again).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer' });
        expect(again.RefreshToken).toBeUndefined();
        expect(decode(again.AccessToken!).origin_jti).toBe(decode(first.AccessToken!).origin_jti);
        expect(decode(again.IdToken!).token_use).toBe('id');
      }
      const viaInitiateAuth = await local.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: client.ClientId,
          AuthParameters: { REFRESH_TOKEN: first.RefreshToken! },
        }),
      );
      expect(viaInitiateAuth.AuthenticationResult!.AccessToken).toBeDefined();
    });

    it('refuses garbage, another client’s token, and an unknown client', async () => {
      const client = await appClient();
      const other = await appClient();
      const first = await signIn(client, await local.confirmedUser());
      expect(await failure(exchange(client, 'not-a-token'))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid Refresh Token',
      });
      expect(await failure(exchange(other, first.RefreshToken!))).toMatchObject({
        message: 'Invalid Refresh Token',
      });
      expect(await failure(exchange({ ClientId: 'nosuchclient' }, first.RefreshToken!))).toMatchObject({
        name: 'ResourceNotFoundException',
      });
    });
  });

  describe('rotation on', () => {
    it('each exchange answers a new refresh token of the same session, valid as long as the first', async () => {
      const client = await rotating(30);
      const first = await signIn(client, await local.confirmedUser());
      const second = await exchange(client, first.RefreshToken!);
      const third = await exchange(client, second.RefreshToken!);
      const tokens = [first, second, third].map((t) => decode(t.RefreshToken!));
      expect(new Set(tokens.map((t) => t.jti)).size).toBe(3);
      for (const t of tokens) {
        expect(t).toMatchObject({
          origin_jti: tokens[0].origin_jti,
          exp: tokens[0].exp,
          token_use: 'refresh',
        });
      }
      expect(decode(third.AccessToken!).origin_jti).toBe(tokens[0].origin_jti);
    });

    it('the rotated-out token works for the grace period only, then RefreshTokenReuseException', async () => {
      const client = await rotating(10);
      const first = await signIn(client, await local.confirmedUser());
      const second = await exchange(client, first.RefreshToken!);
      local.emu.setClockOffset(9_000);
      // a retry within the grace period (its answer was lost, say) still gets tokens
      const retried = await exchange(client, first.RefreshToken!);
      expect(retried.RefreshToken).toBeDefined();
      local.emu.setClockOffset(10_500);
      expect(await failure(exchange(client, first.RefreshToken!))).toMatchObject(ROTATED_OUT);
      // the successors are current: they work, and keep rotating
      const third = await exchange(client, second.RefreshToken!);
      expect((await exchange(client, retried.RefreshToken!)).RefreshToken).toBeDefined();
      local.emu.setClockOffset(21_000);
      expect(await failure(exchange(client, second.RefreshToken!))).toMatchObject(ROTATED_OUT);
      expect((await exchange(client, third.RefreshToken!)).RefreshToken).toBeDefined();
    });

    it('with RetryGracePeriodSeconds 0 the presented token dies at once', async () => {
      const client = await rotating(0);
      const first = await signIn(client, await local.confirmedUser());
      const second = await exchange(client, first.RefreshToken!);
      expect(await failure(exchange(client, first.RefreshToken!))).toMatchObject(ROTATED_OUT);
      expect((await exchange(client, second.RefreshToken!)).AccessToken).toBeDefined();
    });

    it('REFRESH_TOKEN_AUTH is refused on it (InitiateAuth and AdminInitiateAuth), even with the flow listed', async () => {
      const client = await appClient({
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 5 },
      });
      const first = await signIn(client, await local.confirmedUser());
      const refused = {
        name: 'InvalidParameterException',
        message: 'Refresh token rotation must be completed with GetTokensFromRefreshToken',
      };
      const input = {
        AuthFlow: 'REFRESH_TOKEN_AUTH' as const,
        ClientId: client.ClientId,
        AuthParameters: { REFRESH_TOKEN: first.RefreshToken! },
      };
      expect(await failure(local.sdk.send(new InitiateAuthCommand(input)))).toMatchObject(refused);
      expect(
        await failure(
          local.sdk.send(new AdminInitiateAuthCommand({ ...input, UserPoolId: local.emu.userPoolId })),
        ),
      ).toMatchObject(refused);
    });

    it('an app client with a secret wants it: missing or wrong is NotAuthorizedException', async () => {
      const client = await appClient({
        GenerateSecret: true,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 5 },
      });
      const first = await signIn(client, await local.confirmedUser());
      expect(await failure(exchange(client, first.RefreshToken!, ''))).toMatchObject({
        name: 'NotAuthorizedException',
        message: `Client ${client.ClientId} is configured for secret but secret was not received`,
      });
      expect(await failure(exchange(client, first.RefreshToken!, 'wrong'))).toMatchObject({
        name: 'NotAuthorizedException',
        message: `Unable to verify secret for client ${client.ClientId}`,
      });
      expect((await exchange(client, first.RefreshToken!)).RefreshToken).toBeDefined();
    });
  });

  describe('a rotated refresh token stays in its sign-in session', () => {
    it('GlobalSignOut kills every token of the chain, in or out of grace, and their access tokens', async () => {
      const client = await rotating(60);
      const username = await local.confirmedUser();
      const first = await signIn(client, username);
      const second = await exchange(client, first.RefreshToken!);
      const third = await exchange(client, second.RefreshToken!);
      const elsewhere = await signIn(client, username);
      await local.sdk.send(new GlobalSignOutCommand({ AccessToken: third.AccessToken }));
      for (const t of [first, second, third, elsewhere]) {
        expect(await failure(exchange(client, t.RefreshToken!))).toMatchObject(REVOKED);
        expect(await failure(local.getUser(t.AccessToken!))).toMatchObject({
          message: 'Access Token has been revoked',
        });
      }
    });

    it('RevokeToken of any token of the chain ends the whole session, and no other', async () => {
      const client = await rotating(60);
      const username = await local.confirmedUser();
      const first = await signIn(client, username);
      const second = await exchange(client, first.RefreshToken!);
      const third = await exchange(client, second.RefreshToken!);
      const other = await signIn(client, username);
      await local.sdk.send(new RevokeTokenCommand({ ClientId: client.ClientId, Token: second.RefreshToken }));
      for (const t of [first, second, third]) {
        expect(await failure(exchange(client, t.RefreshToken!))).toMatchObject(REVOKED);
        expect(await failure(local.getUser(t.AccessToken!))).toMatchObject({
          message: 'Access Token has been revoked',
        });
      }
      expect((await local.getUser(other.AccessToken!)).Username).toBe(username);
      expect((await exchange(client, other.RefreshToken!)).RefreshToken).toBeDefined();
    });

    it('a rotated-out token stays rotated out across a restart', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'local-cognito-rotation-'));
      try {
        const start = () =>
          startLocalCognito({ dataDir: dir, adminPassword: 'Admin#Passw0rd!', onMessage: () => {} });
        const sdkOn = (emu: { endpoint: string; region: string }) =>
          new CognitoIdentityProviderClient({
            endpoint: emu.endpoint,
            region: emu.region,
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
            maxAttempts: 1,
          });
        const first = await start();
        const sdk1 = sdkOn(first);
        const signedIn = await sdk1.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: first.clientId,
            AuthParameters: { USERNAME: 'admin', PASSWORD: 'Admin#Passw0rd!' },
          }),
        );
        const original = signedIn.AuthenticationResult!.RefreshToken!;
        const rotated = await sdk1.send(
          new GetTokensFromRefreshTokenCommand({ ClientId: first.clientId, RefreshToken: original }),
        );
        sdk1.destroy();
        await first.close();
        const second = await start();
        const sdk2 = sdkOn(second);
        try {
          second.setClockOffset(61_000);
          expect(
            await failure(
              sdk2.send(
                new GetTokensFromRefreshTokenCommand({ ClientId: second.clientId, RefreshToken: original }),
              ),
            ),
          ).toMatchObject(ROTATED_OUT);
          const next = await sdk2.send(
            new GetTokensFromRefreshTokenCommand({
              ClientId: second.clientId,
              RefreshToken: rotated.AuthenticationResult!.RefreshToken!,
            }),
          );
          expect(next.AuthenticationResult!.RefreshToken).toBeDefined();
        } finally {
          sdk2.destroy();
          await second.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('operations it does not implement', () => {
    const call = (target: string, body: object = {}) =>
      fetch(local.emu.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
        },
        body: JSON.stringify(body),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));

    it('a Cognito operation it lacks is 400 UnsupportedOperationException, which the SDK does not retry', async () => {
      expect(await call('GetLogDeliveryConfiguration', { UserPoolId: local.emu.userPoolId })).toEqual({
        status: 400,
        body: {
          __type: 'UnsupportedOperationException',
          message: 'The local Cognito does not implement GetLogDeliveryConfiguration',
        },
      });
      const retrying = new CognitoIdentityProviderClient({
        region: local.emu.region,
        endpoint: local.emu.endpoint,
        maxAttempts: 3,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      try {
        const error = (await failure(
          retrying.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: local.emu.userPoolId })),
        )) as unknown as { name: string; $metadata: { httpStatusCode: number; attempts: number } };
        expect(error.name).toBe('UnsupportedOperationException');
        expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 1 });
      } finally {
        retrying.destroy();
      }
    });

    it('a feature of an implemented operation it lacks is 400 too, saying which', async () => {
      const res = await call('InitiateAuth', {
        AuthFlow: 'CUSTOM_AUTH',
        ClientId: local.emu.clientId,
        AuthParameters: { USERNAME: 'admin' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        __type: 'UnsupportedOperationException',
        message: expect.stringMatching(
          /^The local Cognito does not implement InitiateAuth \(.*CUSTOM_AUTH.*\)$/,
        ),
      });
    });

    it('a name that is no Cognito operation (an Object.prototype member included) is 400 UnknownOperationException', async () => {
      for (const target of ['Frobnicate', 'constructor', '__proto__', 'toString']) {
        expect(await call(target)).toEqual({
          status: 400,
          body: { __type: 'UnknownOperationException', message: `Unknown operation ${target}` },
        });
      }
    });
  });
});
