import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  InitiateAuthCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { decode, failure, PASSWORD, useEmulator } from '../support/emulator';
import { ADMIN_PASSWORD } from '../support/harness';

describe('local Cognito: sign-in, SRP and disabled users (official clients against the embedded emulator)', () => {
  const local = useEmulator();

  describe('1. pool, issuer and tokens', () => {
    it('seeds an AWS-format pool whose access and id tokens pass CognitoJwtVerifier', async () => {
      expect(local.emu.userPoolId).toMatch(/^us-east-1_\w+$/);
      expect(local.emu.issuer).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${local.emu.userPoolId}`);
      const result = (await local.passwordSignIn('admin', ADMIN_PASSWORD)).AuthenticationResult!;
      expect(result.ExpiresIn).toBe(3600);
      expect(result.TokenType).toBe('Bearer');
      const jwks = (await (await fetch(local.emu.jwksUri)).json()) as Jwks;
      const accessVerifier = CognitoJwtVerifier.create({
        userPoolId: local.emu.userPoolId,
        clientId: local.emu.clientId,
        tokenUse: 'access',
        groups: 'admin',
      });
      accessVerifier.cacheJwks(jwks);
      const access = await accessVerifier.verify(result.AccessToken!);
      expect(access.username).toBe('admin');
      expect(access.iss).toBe(local.emu.issuer);
      expect(access.exp - access.iat).toBe(3600);
      const idVerifier = CognitoJwtVerifier.create({
        userPoolId: local.emu.userPoolId,
        clientId: local.emu.clientId,
        tokenUse: 'id',
      });
      idVerifier.cacheJwks(jwks);
      const id = await idVerifier.verify(result.IdToken!);
      expect(id['cognito:username']).toBe('admin');
      expect(id.email).toBe('admin@example.com');
      expect(id.email_verified).toBe(true);
      expect(decode(result.RefreshToken!).exp - decode(result.RefreshToken!).iat).toBe(30 * 86400);
    });

    it('uses plain usernames and seeds the admin as a CONFIRMED member of the admin group', async () => {
      const admin = await local.sdk.send(
        new AdminGetUserCommand({ UserPoolId: local.emu.userPoolId, Username: 'admin' }),
      );
      expect(admin.Username).toBe('admin');
      expect(admin.UserStatus).toBe('CONFIRMED');
      const members = await local.sdk.send(
        new ListUsersInGroupCommand({ UserPoolId: local.emu.userPoolId, GroupName: 'admin' }),
      );
      expect(members.Users!.map((u) => u.Username)).toContain('admin');
      const name = await local.confirmedUser('plain.name');
      expect(
        (await local.sdk.send(new AdminGetUserCommand({ UserPoolId: local.emu.userPoolId, Username: name })))
          .Username,
      ).toBe('plain.name');
    });
  });

  describe('2. USER_SRP_AUTH', () => {
    it('signs in with identity-js default authenticateUser (SRP) and rejects a wrong password', async () => {
      const username = await local.confirmedUser();
      const { session } = await local.identitySignIn(username, PASSWORD);
      expect(session.isValid()).toBe(true);
      expect(session.getAccessToken().payload.username).toBe(username);
      const wrong = await local.identitySignIn(username, 'Wrong#Passw0rd').catch((e: Error) => e);
      expect(wrong).toMatchObject({
        code: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
      const unknown = await local.identitySignIn('nobody-here', PASSWORD).catch((e: Error) => e);
      expect(unknown).toMatchObject({
        code: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
    });

    it('answers PASSWORD_VERIFIER with the SRP parameters', async () => {
      const username = await local.confirmedUser();
      const result = await local.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_SRP_AUTH',
          ClientId: local.emu.clientId,
          AuthParameters: { USERNAME: username, SRP_A: 'abc123' },
        }),
      );
      expect(result.ChallengeName).toBe('PASSWORD_VERIFIER');
      expect(Object.keys(result.ChallengeParameters!).sort()).toEqual(
        ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP'].sort(),
      );
      expect(result.ChallengeParameters!.USER_ID_FOR_SRP).toBe(username);
    });
  });

  describe('8. disabled users', () => {
    it('cannot sign in (password or SRP) or refresh', async () => {
      const username = await local.confirmedUser();
      const t = await local.tokens(username);
      await local.sdk.send(
        new AdminDisableUserCommand({ UserPoolId: local.emu.userPoolId, Username: username }),
      );
      expect(await failure(local.passwordSignIn(username))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'User is disabled.',
      });
      const srp = await local.identitySignIn(username, PASSWORD).catch((e: Error) => e);
      expect(srp).toMatchObject({ code: 'NotAuthorizedException', message: 'User is disabled.' });
      expect(await failure(local.refresh(t.RefreshToken!))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'User is disabled.',
      });
      await local.sdk.send(
        new AdminEnableUserCommand({ UserPoolId: local.emu.userPoolId, Username: username }),
      );
      expect((await local.passwordSignIn(username)).AuthenticationResult).toBeDefined();
    });
  });
});
