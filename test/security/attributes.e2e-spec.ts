import { AddCustomAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { claimsOf, createUser, signedInUser, TEMP_PASSWORD, uniqueUsername } from '../support/auth-helpers';
import { useStack } from '../support/harness';

/** What users may not write on themselves, however they ask: verification flags, roles, Cognito's claims. */
const FORBIDDEN: [string, string][] = [
  ['email_verified', 'true'],
  ['phone_number_verified', 'true'],
  ['custom:role', 'admin'],
  ['cognito:groups', 'admin'],
];

describe('users write only the attributes they may', () => {
  const stack = useStack();

  it.each(FORBIDDEN)(
    'PATCH /auth/me with %s is 400 VALIDATION_FAILED naming it, and nothing is written',
    async (name, value) => {
      const { tokens } = await signedInUser(stack.gateway, stack.cognito, 'patcher');
      const res = await stack.gateway.request('PATCH', '/auth/me', {
        token: tokens.accessToken,
        body: { attributes: { name: 'Mallory', [name]: value } },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: `attributes.${name}`, message: `${name} is not an attribute users may write` }],
      });
      const me = await stack.gateway.get('/auth/me', { token: tokens.accessToken });
      expect(me.body.attributes.name).toBeUndefined();
    },
  );

  it('PATCH /auth/me writes the standard profile attributes', async () => {
    const { tokens } = await signedInUser(stack.gateway, stack.cognito, 'profiled');
    const attributes = {
      name: 'Alice Liddell',
      given_name: 'Alice',
      locale: 'en-GB',
      zoneinfo: 'Europe/London',
    };
    const res = await stack.gateway.request('PATCH', '/auth/me', {
      token: tokens.accessToken,
      body: { attributes },
    });
    expect(res.status).toBe(200);
    expect(res.body.attributes).toMatchObject(attributes);
  });

  it('the new-password challenge refuses attributes it did not ask for; the id token carries none of them', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('first'), {
      attributes: { email_verified: 'false' },
    });
    const started = await stack.gateway.post('/auth/sign-in', {
      body: { username, password: TEMP_PASSWORD },
    });
    expect(started.body.challenge).toMatchObject({ name: 'NEW_PASSWORD_REQUIRED', requiredAttributes: [] });
    const session = started.body.challenge.session as string;
    const answer = (attributes?: Record<string, string>) =>
      stack.gateway.post('/auth/challenges/new-password', {
        body: { username, session, newPassword: 'N3w#Passw0rd!', attributes },
      });

    for (const [name, value] of [...FORBIDDEN, ['name', 'Not Asked For']]) {
      const refused = await answer({ [name]: value });
      expect({ name, status: refused.status, code: refused.body.code }).toEqual({
        name,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(refused.body.details).toEqual([{ field: `attributes.${name}`, message: expect.any(String) }]);
    }
    const all = await answer(Object.fromEntries(FORBIDDEN));
    expect(all.body.details).toHaveLength(FORBIDDEN.length);

    // Nothing was sent to Cognito: the same session still completes the sign-in.
    const done = await answer();
    expect(done.status).toBe(200);
    const id = claimsOf(done.body.tokens.idToken);
    expect(id['cognito:groups']).toBeUndefined();
    expect(id['custom:role']).toBeUndefined();
    expect(id.name).toBeUndefined();
    expect(id.phone_number_verified).toBeUndefined();
    expect([true, 'true']).not.toContain(id.email_verified);
  });

  it('a challenge session whose names were widened by the app still cannot set what users may not write', async () => {
    const { username } = await createUser(stack.cognito, uniqueUsername('widener'));
    const started = await stack.gateway.post('/auth/sign-in', {
      body: { username, password: TEMP_PASSWORD },
    });
    const cognitoSession = (started.body.challenge.session as string).split(':').slice(1).join(':');
    const names = Buffer.from(JSON.stringify(FORBIDDEN.map(([name]) => name))).toString('base64url');
    const res = await stack.gateway.post('/auth/challenges/new-password', {
      body: {
        username,
        session: `NEW_PASSWORD_REQUIRED.${names}:${cognitoSession}`,
        newPassword: 'N3w#Passw0rd!',
        attributes: Object.fromEntries(FORBIDDEN),
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('USER_WRITABLE_ATTRIBUTES', () => {
  const stack = useStack({ env: { USER_WRITABLE_ATTRIBUTES: 'custom:team, nickname' } });

  it('makes exactly the configured attributes writable, a custom one included', async () => {
    await stack.sdk.send(
      new AddCustomAttributesCommand({
        UserPoolId: stack.cognito.userPoolId,
        CustomAttributes: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }],
      }),
    );
    const { tokens } = await signedInUser(stack.gateway, stack.cognito, 'teamed');
    const patch = (attributes: Record<string, string>) =>
      stack.gateway.request('PATCH', '/auth/me', { token: tokens.accessToken, body: { attributes } });
    const written = await patch({ 'custom:team': 'blue' });
    expect(written.status).toBe(200);
    expect(written.body.attributes['custom:team']).toBe('blue');
    const refused = await patch({ name: 'Not Configured' });
    expect(refused.body.details).toEqual([
      { field: 'attributes.name', message: 'name is not an attribute users may write' },
    ]);
  });
});
