import { UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DEFAULT_PASSWORD_POLICY } from '../../src/local-cognito/password-policy';
import { fullSession, signedInUser, type TokenSet, uniqueUsername } from '../support/auth-helpers';
import { type Stack, startStack } from '../support/harness';
import { startVirtualAuthenticator, type VirtualAuthenticator } from '../support/virtual-authenticator';

type Json = Record<string, any>;

describe('passkeys through the gateway: registration, sign-in, list and delete (real HTTP, local Cognito, chromium)', () => {
  let stack: Stack;
  let device: VirtualAuthenticator;

  beforeAll(async () => {
    device = await startVirtualAuthenticator();
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await device?.close();
  });

  const startSignIn = (username: string) =>
    stack.gateway.post('/auth/sign-in/passkey', { body: { username } });
  const answer = (username: string, session: string, credential: unknown) =>
    stack.gateway.post('/auth/challenges/passkey', { body: { username, session, credential } });

  /** Registers a passkey of the signed-in user on the current virtual device, through the gateway. */
  async function register(tokens: TokenSet): Promise<Json> {
    const options = await stack.gateway.post('/auth/passkeys/registration', { token: tokens.accessToken });
    expect(options.status).toBe(200);
    const credential = await device.create(options.body.credentialCreationOptions);
    const created = await stack.gateway.post('/auth/passkeys', {
      token: tokens.accessToken,
      body: { credential },
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  /** Starts a passkey sign-in and has the device answer it; returns the gateway's answer. */
  async function passkeySignIn(username: string, requestOptions: (options: Json) => Json = (o) => o) {
    const started = await startSignIn(username);
    expect(started.status).toBe(200);
    const { session, credentialRequestOptions } = started.body.challenge;
    const credential = await device.get(requestOptions(credentialRequestOptions));
    return answer(username, session, credential);
  }

  it('registers a passkey, lists it, and signs in with it: tokens that work', async () => {
    await device.newDevice();
    const { username, tokens } = await signedInUser(stack.gateway, stack.cognito, 'pk');
    const passkey = await register(tokens);
    expect(passkey).toEqual({
      credentialId: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      relyingPartyId: 'localhost',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      ...(passkey.friendlyName ? { friendlyName: expect.any(String) } : {}),
      ...(passkey.authenticatorAttachment ? { authenticatorAttachment: expect.any(String) } : {}),
    });
    const listed = await stack.gateway.get('/auth/passkeys', { token: tokens.accessToken });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ passkeys: [passkey] });

    const started = await startSignIn(username);
    expect(started.body).toEqual({
      status: 'CHALLENGE',
      challenge: {
        name: 'WEB_AUTHN',
        session: expect.stringMatching(/^WEB_AUTHN:/),
        credentialRequestOptions: expect.objectContaining({
          challenge: expect.any(String),
          rpId: 'localhost',
          allowCredentials: [expect.objectContaining({ id: passkey.credentialId, type: 'public-key' })],
        }),
      },
    });
    const credential = await device.get(started.body.challenge.credentialRequestOptions);
    const done = await answer(username, started.body.challenge.session, credential);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('AUTHENTICATED');
    const session = await stack.gateway.get('/auth/session', { token: done.body.tokens.accessToken });
    expect(session.body.username).toBe(username);
    expect(typeof done.body.tokens.refreshToken).toBe('string');

    const metrics = (await stack.gateway.metrics()).text;
    expect(metrics).toMatch(
      /gateway_sign_in_outcomes_total\{step="passkey",outcome="challenge",code="WEB_AUTHN"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /gateway_sign_in_outcomes_total\{step="passkey_answer",outcome="authenticated",code=""\} [1-9]/,
    );

    // The same assertion again: its challenge and session are spent.
    const replayed = await answer(username, started.body.challenge.session, credential);
    expect(replayed.status).toBe(400);
    expect(replayed.body.code).toBe('INVALID_SESSION');
  });

  it('a deleted passkey no longer signs in, and deleting it again is PASSKEY_NOT_FOUND', async () => {
    await device.newDevice();
    const { username, tokens } = await signedInUser(stack.gateway, stack.cognito, 'pkdel');
    const passkey = await register(tokens);
    const started = await startSignIn(username);
    const deleted = await stack.gateway.request('DELETE', `/auth/passkeys/${passkey.credentialId}`, {
      token: tokens.accessToken,
    });
    expect(deleted.status).toBe(204);
    expect((await stack.gateway.get('/auth/passkeys', { token: tokens.accessToken })).body).toEqual({
      passkeys: [],
    });

    const credential = await device.get(started.body.challenge.credentialRequestOptions);
    const refused = await answer(username, started.body.challenge.session, credential);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('INVALID_CREDENTIALS');

    const again = await stack.gateway.request('DELETE', `/auth/passkeys/${passkey.credentialId}`, {
      token: tokens.accessToken,
    });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('PASSKEY_NOT_FOUND');
  });

  it('user A’s passkey does not sign in user B, and B cannot delete it', async () => {
    await device.newDevice();
    const a = await signedInUser(stack.gateway, stack.cognito, 'pka');
    const b = await signedInUser(stack.gateway, stack.cognito, 'pkb');
    const passkeyOfA = await register(a.tokens);
    // No allowCredentials: the device offers the passkey it holds, A's, to B's sign-in.
    const refused = await passkeySignIn(b.username, (options) => ({ ...options, allowCredentials: [] }));
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('INVALID_CREDENTIALS');

    const notTheirs = await stack.gateway.request('DELETE', `/auth/passkeys/${passkeyOfA.credentialId}`, {
      token: b.tokens.accessToken,
    });
    expect(notTheirs.status).toBe(404);
    expect(notTheirs.body.code).toBe('PASSKEY_NOT_FOUND');
    expect((await passkeySignIn(a.username)).status).toBe(200);
  });

  it('an unknown user, and one without passkeys, get a challenge of the same shape, then INVALID_CREDENTIALS', async () => {
    await device.newDevice();
    const holder = await signedInUser(stack.gateway, stack.cognito, 'pkholder');
    await register(holder.tokens);
    const none = await signedInUser(stack.gateway, stack.cognito, 'pknone');
    const shapes = [];
    for (const username of [uniqueUsername('nobody'), none.username, holder.username]) {
      const started = await startSignIn(username);
      expect(started.status).toBe(200);
      const options = started.body.challenge.credentialRequestOptions as Json;
      shapes.push({
        keys: Object.keys(options).sort(),
        allow: (options.allowCredentials as Json[]).map((c) => ({
          keys: Object.keys(c).sort(),
          idLength: String(c.id).length,
        })),
      });
    }
    expect(shapes[0]).toEqual(shapes[2]);
    expect(shapes[1]).toEqual(shapes[2]);

    const refused = await passkeySignIn(uniqueUsername('nobody'), (o) => ({ ...o, allowCredentials: [] }));
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('an assertion for another challenge is CREDENTIAL_INVALID; garbage is VALIDATION_FAILED; never a 500', async () => {
    await device.newDevice();
    const { username, tokens } = await signedInUser(stack.gateway, stack.cognito, 'pkbad');
    await register(tokens);
    const first = await startSignIn(username);
    const second = await startSignIn(username);
    const forFirst = await device.get(first.body.challenge.credentialRequestOptions);
    const mismatched = await answer(username, second.body.challenge.session, forFirst);
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.code).toBe('CREDENTIAL_INVALID');

    const session = second.body.challenge.session;
    for (const garbage of [
      'credential',
      [],
      { id: 'x' },
      { ...forFirst, type: 'password' },
      { ...forFirst, response: { ...forFirst.response, signature: 'not base64url!' } },
    ]) {
      const res = await answer(username, session, garbage);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'credential' })]);
    }
    const notCbor = { ...forFirst, response: { ...forFirst.response, authenticatorData: 'AAAA' } };
    // The refused answer spent the second session (the local Cognito's choice): a third one.
    const third = await startSignIn(username);
    const unreadable = await answer(username, third.body.challenge.session, notCbor);
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.code).toBe('CREDENTIAL_INVALID');
  });

  it('registration: a credential for a spent or other challenge is CREDENTIAL_INVALID; garbage VALIDATION_FAILED', async () => {
    await device.newDevice();
    const { tokens } = await signedInUser(stack.gateway, stack.cognito, 'pkreg');
    const options = await stack.gateway.post('/auth/passkeys/registration', { token: tokens.accessToken });
    const credential = await device.create(options.body.credentialCreationOptions);
    const complete = (body: unknown) =>
      stack.gateway.post('/auth/passkeys', { token: tokens.accessToken, body: { credential: body } });
    expect((await complete(credential)).status).toBe(201);

    const replayed = await complete(credential);
    expect(replayed.status).toBe(400);
    expect(replayed.body.code).toBe('CREDENTIAL_INVALID');

    const garbage = await complete({
      ...credential,
      response: { clientDataJSON: credential.response.clientDataJSON },
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.code).toBe('VALIDATION_FAILED');

    const unauthenticated = await stack.gateway.post('/auth/passkeys/registration');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.code).toBe('TOKEN_MISSING');
  });

  it('a signed-out user’s access token cannot list or register passkeys', async () => {
    const { tokens } = await signedInUser(stack.gateway, stack.cognito, 'pkout');
    expect((await stack.gateway.post('/auth/sign-out', fullSession(tokens))).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const listed = await stack.gateway.get('/auth/passkeys', { token: tokens.accessToken });
    expect(listed.status).toBe(401);
    expect(listed.body.code).toBe('TOKEN_REVOKED');
  });

  it('a pool without passkeys among its first factors: METHOD_NOT_AVAILABLE to sign-in and registration', async () => {
    const { username, tokens } = await signedInUser(stack.gateway, stack.cognito, 'pkoff');
    await stack.sdk.send(
      new UpdateUserPoolCommand({
        UserPoolId: stack.cognito.userPoolId,
        Policies: {
          PasswordPolicy: DEFAULT_PASSWORD_POLICY,
          SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] },
        },
      }),
    );
    try {
      const refused = await startSignIn(username);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('METHOD_NOT_AVAILABLE');
      const registration = await stack.gateway.post('/auth/passkeys/registration', {
        token: tokens.accessToken,
      });
      expect(registration.status).toBe(400);
      expect(registration.body.code).toBe('METHOD_NOT_AVAILABLE');
    } finally {
      await stack.sdk.send(
        new UpdateUserPoolCommand({
          UserPoolId: stack.cognito.userPoolId,
          Policies: {
            PasswordPolicy: DEFAULT_PASSWORD_POLICY,
            SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] },
          },
        }),
      );
    }
  });
});

describe('passkey sign-in rate limits (per username)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { RATE_LIMITS: 'on', RATE_LIMIT_PASSKEY_SIGN_IN: '2/900', RATE_LIMIT_PASSKEY_CHALLENGE: '2/900' },
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('starts and answers each have their own budget per username, whatever its case', async () => {
    const username = uniqueUsername('pklimit');
    const start = (name: string) => stack.gateway.post('/auth/sign-in/passkey', { body: { username: name } });
    const first = await start(username);
    expect((await start(username.toUpperCase())).status).toBe(200);
    const third = await start(username);
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('TOO_MANY_REQUESTS');
    expect(third.headers.get('retry-after')).toBeTruthy();

    const { session } = first.body.challenge;
    const credential = {
      id: 'AAAA',
      rawId: 'AAAA',
      type: 'public-key',
      response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' },
    };
    const answer = () =>
      stack.gateway.post('/auth/challenges/passkey', { body: { username, session, credential } });
    for (let i = 0; i < 2; i++) expect((await answer()).status).toBeLessThan(429);
    expect((await answer()).status).toBe(429);
  });
});
