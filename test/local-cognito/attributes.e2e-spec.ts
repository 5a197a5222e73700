import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { failure, PASSWORD, useEmulator } from '../support/emulator';

/** Names AWS refuses whoever writes them: not in the pool's schema, or Cognito's own claims. */
const OUT_OF_SCHEMA = ['custom:role', 'cognito:groups', 'cognito:username', 'favourite_colour'];

describe('local Cognito: attributes outside the pool’s schema are refused, as on AWS (SDK v3)', () => {
  const local = useEmulator();
  const refusal = (name: string) => ({
    name: 'InvalidParameterException',
    message: expect.stringContaining(`${name}: Attribute does not exist in the schema.`),
  });

  it.each(OUT_OF_SCHEMA)('AdminCreateUser with %s: refused, and no user is made', async (name) => {
    const username = local.uniqueName('created');
    const created = local.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: local.emu.userPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          { Name: name, Value: 'admin' },
        ],
      }),
    );
    expect(await failure(created)).toMatchObject(refusal(name));
    expect(
      await failure(
        local.sdk.send(new AdminGetUserCommand({ UserPoolId: local.emu.userPoolId, Username: username })),
      ),
    ).toMatchObject({ name: 'UserNotFoundException' });
  });

  it.each(OUT_OF_SCHEMA)(
    'UpdateUserAttributes and AdminUpdateUserAttributes with %s: refused',
    async (name) => {
      const username = await local.confirmedUser();
      const { AccessToken } = await local.tokens(username);
      const UserAttributes = [{ Name: name, Value: 'admin' }];
      expect(
        await failure(local.sdk.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes }))),
      ).toMatchObject({ name: 'InvalidParameterException' });
      expect(
        await failure(
          local.sdk.send(
            new AdminUpdateUserAttributesCommand({
              UserPoolId: local.emu.userPoolId,
              Username: username,
              UserAttributes,
            }),
          ),
        ),
      ).toMatchObject({ name: 'InvalidParameterException' });
      const user = await local.getUser(AccessToken!);
      expect(user.UserAttributes?.map((attribute) => attribute.Name)).not.toContain(name);
    },
  );

  it('RespondToAuthChallenge NEW_PASSWORD_REQUIRED with out-of-schema userAttributes: refused, the session still good', async () => {
    const username = local.uniqueName('first');
    await local.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: local.emu.userPoolId,
        Username: username,
        TemporaryPassword: 'Temp#Passw0rd1',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }),
    );
    const challenge = await local.passwordSignIn(username, 'Temp#Passw0rd1');
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const answer = (attributes: Record<string, string>) =>
      local.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: local.emu.clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: challenge.Session,
          ChallengeResponses: {
            USERNAME: username,
            NEW_PASSWORD: PASSWORD,
            ...Object.fromEntries(
              Object.entries(attributes).map(([name, value]) => [`userAttributes.${name}`, value]),
            ),
          },
        }),
      );
    for (const name of OUT_OF_SCHEMA) {
      expect(await failure(answer({ name: 'Alice', [name]: 'admin' }))).toMatchObject(refusal(name));
    }
    const done = await answer({ name: 'Alice' });
    const id = JSON.parse(
      Buffer.from(done.AuthenticationResult!.IdToken!.split('.')[1], 'base64url').toString(),
    );
    expect(id.name).toBe('Alice');
    expect(id['custom:role']).toBeUndefined();
    expect(id['cognito:groups']).toBeUndefined();
  });

  it('NEW_PASSWORD_REQUIRED lists the required attributes the user lacks, and its answer must supply them', async () => {
    const { UserPool } = await local.sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'names-required',
        Schema: [{ Name: 'name', AttributeDataType: 'String', Mutable: true, Required: true }],
      }),
    );
    const { UserPoolClient } = await local.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: UserPool!.Id,
        ClientName: 'names',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const username = local.uniqueName('nameless');
    await local.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: UserPool!.Id,
        Username: username,
        TemporaryPassword: 'Temp#Passw0rd1',
        MessageAction: 'SUPPRESS',
      }),
    );
    const challenge = await local.sdk.send(
      new InitiateAuthCommand({
        ClientId: UserPoolClient!.ClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: 'Temp#Passw0rd1' },
      }),
    );
    expect(JSON.parse(challenge.ChallengeParameters!.requiredAttributes)).toEqual(['userAttributes.name']);
    const answer = (responses: Record<string, string>) =>
      local.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: UserPoolClient!.ClientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: username, NEW_PASSWORD: PASSWORD, ...responses },
        }),
      );
    expect(await failure(answer({}))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid attributes given, name is missing',
    });
    const done = await answer({ 'userAttributes.name': 'Alice' });
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });
});
