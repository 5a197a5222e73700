import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  CompleteWebAuthnRegistrationCommand,
  CreateUserPoolClientCommand,
  DeleteUserCommand,
  DeleteWebAuthnCredentialCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startLocalCognito, type LocalCognito } from '../../src/local-cognito/local-cognito';
import { decode, failure, PASSWORD, useEmulator } from '../support/emulator';
import { sdkClient, startTestCognito } from '../support/harness';
import { startVirtualAuthenticator, type VirtualAuthenticator } from '../support/virtual-authenticator';

type Json = Record<string, any>;

/** What the chromium virtual authenticator's credential ids look like: 32 bytes, base64url. */
const CREDENTIAL_ID = /^[A-Za-z0-9_-]{43}$/;

/** The SDK calls of passkeys on one emulator, with a real browser making the credentials. */
function passkeyCalls(get: () => { sdk: CognitoIdentityProviderClient; clientId: string }) {
  const start = async (accessToken: string): Promise<Json> => {
    const out = await get().sdk.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
    return out.CredentialCreationOptions as Json;
  };
  const complete = (accessToken: string, credential: Json) =>
    get().sdk.send(
      new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential }),
    );
  const list = (accessToken: string, extra: { MaxResults?: number; NextToken?: string } = {}) =>
    get().sdk.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken, ...extra }));
  const userAuth = (username: string, parameters: Record<string, string> = {}) =>
    get().sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: get().clientId,
        AuthParameters: { USERNAME: username, ...parameters },
      }),
    );
  const respond = (
    name: string,
    session: string | undefined,
    username: string,
    responses: Record<string, string>,
  ) =>
    get().sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: get().clientId,
        ChallengeName: name as never,
        Session: session,
        ChallengeResponses: { USERNAME: username, ...responses },
      }),
    );
  const requestOptions = (challenge: InitiateAuthCommandOutput): Json =>
    JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS) as Json;
  return { start, complete, list, userAuth, respond, requestOptions };
}

describe('local Cognito: passkeys (WebAuthn), through the AWS SDK and a real chromium', () => {
  const local = useEmulator();
  const calls = passkeyCalls(() => ({ sdk: local.sdk, clientId: local.emu.clientId }));
  const { start, complete, list, userAuth, respond, requestOptions } = calls;
  let browser: VirtualAuthenticator;

  beforeAll(async () => {
    browser = await startVirtualAuthenticator();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** A user with a password, and a passkey registered on a fresh device. */
  async function userWithPasskey(): Promise<{ username: string; accessToken: string; credentialId: string }> {
    const username = await local.confirmedUser();
    const { AccessToken } = await local.tokens(username);
    await browser.newDevice();
    const credential = await browser.create(await start(AccessToken!));
    await complete(AccessToken!, credential);
    return { username, accessToken: AccessToken!, credentialId: credential.id as string };
  }

  /** USER_AUTH with PREFERRED_CHALLENGE WEB_AUTHN, answered by the browser with `options` as it changes them. */
  async function passkeySignIn(username: string, change: (options: Json) => Json = (o) => o) {
    const challenge = await userAuth(username, { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    const assertion = await browser.get(change(requestOptions(challenge)));
    return respond('WEB_AUTHN', challenge.Session, username, { CREDENTIAL: JSON.stringify(assertion) });
  }

  /** Offers any passkey this device holds for the RP (a discoverable credential), whoever is asked for. */
  const anyPasskey = (options: Json): Json => ({ ...options, allowCredentials: [] });

  function expectTokensOf(result: InitiateAuthCommandOutput, username: string) {
    expect(result.ChallengeName).toBeUndefined();
    expect(decode(result.AuthenticationResult!.AccessToken!).username).toBe(username);
  }

  it('registers a passkey: Start gives creation options, the browser creates, Complete keeps it, List shows it', async () => {
    const username = await local.confirmedUser();
    const { AccessToken } = await local.tokens(username);
    await browser.newDevice();
    const options = await start(AccessToken!);
    expect(options).toMatchObject({
      rp: { id: 'localhost', name: expect.any(String) },
      user: { id: expect.stringMatching(/^[A-Za-z0-9_-]+$/), name: username, displayName: username },
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      timeout: 300_000,
      excludeCredentials: [],
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    });
    const credential = await browser.create(options);
    expect(await complete(AccessToken!, credential)).not.toHaveProperty('Credentials');

    const { Credentials, NextToken } = await list(AccessToken!);
    expect(NextToken).toBeUndefined();
    expect(Credentials).toEqual([
      {
        CredentialId: credential.id,
        FriendlyCredentialName: expect.any(String),
        RelyingPartyId: 'localhost',
        AuthenticatorAttachment: 'platform',
        AuthenticatorTransports: ['internal'],
        CreatedAt: expect.any(Date),
      },
    ]);
    expect(Math.abs(Credentials![0].CreatedAt!.getTime() - Date.now())).toBeLessThan(60_000);
    // the next registration excludes it, so the device does not make a second passkey for the same user
    const next = await start(AccessToken!);
    expect(next.excludeCredentials).toEqual([
      { id: credential.id, type: 'public-key', transports: ['internal'] },
    ]);
    expect(await browser.create(next).catch((e: Error) => e.name)).toBe('InvalidStateError');
  });

  it('signs in with PREFERRED_CHALLENGE WEB_AUTHN: the request options list the passkeys; tokens, no MFA', async () => {
    const { username, credentialId } = await userWithPasskey();
    const challenge = await userAuth(username, { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    expect(challenge.ChallengeName).toBe('WEB_AUTHN');
    expect(Object.keys(challenge.ChallengeParameters!)).toEqual(['CREDENTIAL_REQUEST_OPTIONS']);
    expect(requestOptions(challenge)).toEqual({
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      rpId: 'localhost',
      timeout: 180_000,
      userVerification: 'preferred',
      allowCredentials: [{ id: credentialId, type: 'public-key', transports: ['internal'] }],
    });
    const assertion = await browser.get(requestOptions(challenge));
    const done = await respond('WEB_AUTHN', challenge.Session, username, {
      CREDENTIAL: JSON.stringify(assertion),
    });
    expectTokensOf(done, username);
    expect(await local.getUser(done.AuthenticationResult!.AccessToken!)).toMatchObject({
      Username: username,
    });
    // the session is spent, and the authenticator's counter moved on: the next sign-in works too
    expect(
      await failure(
        respond('WEB_AUTHN', challenge.Session, username, { CREDENTIAL: JSON.stringify(assertion) }),
      ),
    ).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
    expectTokensOf(await passkeySignIn(username), username);
  });

  it('SELECT_CHALLENGE offers WEB_AUTHN; ANSWER WEB_AUTHN gives the WEB_AUTHN challenge', async () => {
    const { username } = await userWithPasskey();
    const select = await userAuth(username);
    expect(select.AvailableChallenges).toEqual([
      'PASSWORD',
      'PASSWORD_SRP',
      'EMAIL_OTP',
      'SMS_OTP',
      'WEB_AUTHN',
    ]);
    const challenge = await respond('SELECT_CHALLENGE', select.Session, username, { ANSWER: 'WEB_AUTHN' });
    expect(challenge.ChallengeName).toBe('WEB_AUTHN');
    const assertion = await browser.get(requestOptions(challenge));
    expectTokensOf(
      await respond('WEB_AUTHN', challenge.Session, username, { CREDENTIAL: JSON.stringify(assertion) }),
      username,
    );
  });

  it('unknown users and users without passkeys get a challenge of the same shape, which fails at the answer', async () => {
    const { username: owner } = await userWithPasskey();
    const real = requestOptions(await userAuth(owner, { PREFERRED_CHALLENGE: 'WEB_AUTHN' }));
    const withoutPasskey = await local.confirmedUser();
    for (const username of [local.uniqueName('nobody'), withoutPasskey]) {
      const challenge = await userAuth(username, { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
      expect(challenge.ChallengeName).toBe('WEB_AUTHN');
      const options = requestOptions(challenge);
      expect(Object.keys(options).sort()).toEqual(Object.keys(real).sort());
      expect(options.allowCredentials).toEqual([
        { id: expect.stringMatching(CREDENTIAL_ID), type: 'public-key', transports: ['internal'] },
      ]);
      expect(options.allowCredentials[0].id).not.toBe(real.allowCredentials[0].id);
      // the same made-up id each time: asking twice tells nothing
      const twice = requestOptions(await userAuth(username, { PREFERRED_CHALLENGE: 'WEB_AUTHN' }));
      expect(twice.allowCredentials).toEqual(options.allowCredentials);
      // the made-up id is on no device
      expect(await browser.get(options).catch((e: Error) => e.name)).toBe('NotAllowedError');
      // the owner's passkey, offered for this username, fails like a wrong password
      const assertion = await browser.get(anyPasskey(options));
      expect(
        await failure(
          respond('WEB_AUTHN', challenge.Session, username, { CREDENTIAL: JSON.stringify(assertion) }),
        ),
      ).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    }
  });

  it("user A's passkey cannot sign in user B, who has passkeys of their own", async () => {
    const b = await userWithPasskey();
    const a = await userWithPasskey(); // the device now holds A's passkey only
    expect(await failure(passkeySignIn(b.username, anyPasskey))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expectTokensOf(await passkeySignIn(a.username, anyPasskey), a.username);
  });

  it('a deleted passkey no longer signs in; deleting it again, or an id that is not yours, is not found', async () => {
    const other = await userWithPasskey();
    const { username, accessToken, credentialId } = await userWithPasskey();
    const del = (id: string) =>
      local.sdk.send(new DeleteWebAuthnCredentialCommand({ AccessToken: accessToken, CredentialId: id }));
    expect(await failure(del(other.credentialId))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await failure(del('bm90LWEtcGFzc2tleQ'))).toMatchObject({ name: 'ResourceNotFoundException' });
    await del(credentialId);
    expect((await list(accessToken)).Credentials).toEqual([]);
    expect(await failure(del(credentialId))).toMatchObject({ name: 'ResourceNotFoundException' });
    // the device still holds it; the pool no longer knows it
    expect(await failure(passkeySignIn(username, anyPasskey))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('Complete without Start, with a spent or superseded challenge: WebAuthnChallengeNotFoundException', async () => {
    const username = await local.confirmedUser();
    const { AccessToken } = await local.tokens(username);
    const token = AccessToken!;
    await browser.newDevice();
    const notFound = { name: 'WebAuthnChallengeNotFoundException' };

    expect(await failure(complete(token, {}))).toMatchObject(notFound);

    const first = await browser.create(await start(token));
    await start(token); // a new Start replaces the pending challenge
    expect(await failure(complete(token, first))).toMatchObject(notFound);

    await browser.newDevice();
    const credential = await browser.create(await start(token));
    await complete(token, credential);
    expect(await failure(complete(token, credential))).toMatchObject(notFound);
    expect((await list(token)).Credentials).toHaveLength(1);
  });

  it('a registration challenge lives 5 minutes, a sign-in challenge 3 (its session)', async () => {
    const { username, accessToken } = await userWithPasskey();
    await browser.newDevice();
    const late = await browser.create(await start(accessToken));
    local.emu.setClockOffset(5 * 60_000 + 1_000);
    expect(await failure(complete(accessToken, late))).toMatchObject({
      name: 'WebAuthnChallengeNotFoundException',
    });

    local.emu.setClockOffset(0);
    const challenge = await userAuth(username, { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    const assertion = await browser.get(anyPasskey(requestOptions(challenge)));
    local.emu.setClockOffset(3 * 60_000 + 1_000);
    expect(
      await failure(
        respond('WEB_AUTHN', challenge.Session, username, { CREDENTIAL: JSON.stringify(assertion) }),
      ),
    ).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });

  it('Complete with an access token of another app client than Start: WebAuthnClientMismatchException', async () => {
    const username = await local.confirmedUser();
    const { AccessToken } = await local.tokens(username);
    const { UserPoolClient } = await local.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: local.emu.userPoolId,
        ClientName: local.uniqueName('other-client'),
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const other = await local.sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: UserPoolClient!.ClientId,
        AuthParameters: { USERNAME: username, PASSWORD },
      }),
    );
    await browser.newDevice();
    const credential = await browser.create(await start(AccessToken!));
    expect(await failure(complete(other.AuthenticationResult!.AccessToken!, credential))).toMatchObject({
      name: 'WebAuthnClientMismatchException',
    });
  });

  it('garbage never gives a 500: CREDENTIAL and Credential of the wrong shape are InvalidParameterException', async () => {
    const { username, accessToken } = await userWithPasskey();
    const challenge = await userAuth(username, { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    const good = await browser.get(requestOptions(challenge));
    const otherChallenge = await browser.get(
      requestOptions(await userAuth(username, { PREFERRED_CHALLENGE: 'WEB_AUTHN' })),
    );
    const garbage: Array<string | undefined> = [
      undefined,
      '',
      'not json',
      'null',
      '[]',
      '{}',
      JSON.stringify({ ...good, response: undefined }),
      JSON.stringify({ ...good, rawId: 'something-else' }),
      JSON.stringify({ ...good, type: 'password' }),
      JSON.stringify({ ...good, response: { ...good.response, clientDataJSON: 'bm90IGpzb24' } }),
      JSON.stringify({ ...good, response: { ...good.response, authenticatorData: 'AAAA' } }),
      JSON.stringify({ ...good, response: { ...good.response, signature: 42 } }),
      JSON.stringify({ ...good, response: { ...good.response, clientDataJSON: '!!' } }),
      JSON.stringify(otherChallenge), // signed, but over another session's challenge
      'x'.repeat(100_000),
    ];
    for (const credential of garbage) {
      const fresh = await userAuth(username, { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
      const responses: Record<string, string> = credential === undefined ? {} : { CREDENTIAL: credential };
      expect(await failure(respond('WEB_AUTHN', fresh.Session, username, responses))).toMatchObject({
        name: 'InvalidParameterException',
        $metadata: { httpStatusCode: 400 },
      });
    }
    // a registration response is no sign-in answer either
    const registration = await browser.newDevice().then(async () => browser.create(await start(accessToken)));
    const fresh = await userAuth(username, { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    expect(
      await failure(
        respond('WEB_AUTHN', fresh.Session, username, { CREDENTIAL: JSON.stringify(registration) }),
      ),
    ).toMatchObject({ name: 'InvalidParameterException' });

    for (const credential of [{}, { ...registration, response: {} }, { ...registration, type: 'x' }, good]) {
      await start(accessToken);
      expect(await failure(complete(accessToken, credential))).toMatchObject({
        name: 'InvalidParameterException',
        $metadata: { httpStatusCode: 400 },
      });
    }
  });

  it('at most 20 passkeys a user; List pages through them with MaxResults 1..20', async () => {
    const username = await local.confirmedUser();
    const { AccessToken } = await local.tokens(username);
    const token = AccessToken!;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      await browser.newDevice();
      const credential = await browser.create(await start(token));
      await complete(token, credential);
      ids.push(credential.id as string);
    }
    expect(await failure(start(token))).toMatchObject({ name: 'LimitExceededException' });
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const page = await list(token, { MaxResults: 7, NextToken: next });
      expect(page.Credentials!.length).toBeLessThanOrEqual(7);
      seen.push(...page.Credentials!.map((c) => c.CredentialId!));
      next = page.NextToken;
    } while (next);
    expect(seen.sort()).toEqual([...ids].sort());
    for (const max of [0, 21]) {
      expect(await failure(list(token, { MaxResults: max }))).toMatchObject({
        name: 'InvalidParameterException',
      });
    }
  }, 60_000);

  it('DeleteUser and AdminDeleteUser take the passkeys along: a user created again under the name has none', async () => {
    for (const how of ['DeleteUser', 'AdminDeleteUser']) {
      const { username, accessToken } = await userWithPasskey();
      if (how === 'DeleteUser') await local.sdk.send(new DeleteUserCommand({ AccessToken: accessToken }));
      else {
        await local.sdk.send(
          new AdminDeleteUserCommand({ UserPoolId: local.emu.userPoolId, Username: username }),
        );
      }
      await local.sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: local.emu.userPoolId,
          Username: username,
          MessageAction: 'SUPPRESS',
        }),
      );
      await local.sdk.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: local.emu.userPoolId,
          Username: username,
          Password: PASSWORD,
          Permanent: true,
        }),
      );
      const { AccessToken } = await local.tokens(username);
      expect((await list(AccessToken!)).Credentials).toEqual([]);
      // and the device's old passkey does not sign the new user in
      expect(await failure(passkeySignIn(username, anyPasskey))).toMatchObject({
        name: 'NotAuthorizedException',
      });
    }
  });
});

interface PoolUnderTest {
  emu: LocalCognito;
  sdk: CognitoIdentityProviderClient;
  calls: ReturnType<typeof passkeyCalls>;
  token: string;
  signIn: (change: (options: Json) => Json) => Promise<InitiateAuthCommandOutput>;
  setRelyingParty: (config: {
    RelyingPartyId?: string;
    UserVerification?: 'required' | 'preferred';
  }) => Promise<{ WebAuthnConfiguration?: object }>;
}

describe('local Cognito: passkeys across a restart, and the pool settings', () => {
  let browser: VirtualAuthenticator;
  beforeAll(async () => {
    browser = await startVirtualAuthenticator();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function userWithPassword(emu: LocalCognito, sdk: CognitoIdentityProviderClient, username: string) {
    await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: emu.userPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
      }),
    );
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: emu.userPoolId,
        Username: username,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    const out = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: emu.clientId,
        AuthParameters: { USERNAME: username, PASSWORD },
      }),
    );
    return out.AuthenticationResult!.AccessToken!;
  }

  it('passkeys and their counters survive a restart of the same dataDir', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'local-cognito-passkeys-'));
    try {
      let emu = await startLocalCognito({ dataDir: dir, onMessage: () => {} });
      let sdk = sdkClient(emu);
      let calls = passkeyCalls(() => ({ sdk, clientId: emu.clientId }));
      const token = await userWithPassword(emu, sdk, 'restart-user');
      await browser.newDevice();
      const credential = await browser.create(await calls.start(token));
      await calls.complete(token, credential);
      const signIn = async () => {
        const challenge = await calls.userAuth('restart-user', { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
        const assertion = await browser.get(calls.requestOptions(challenge));
        return calls.respond('WEB_AUTHN', challenge.Session, 'restart-user', {
          CREDENTIAL: JSON.stringify(assertion),
        });
      };
      expect((await signIn()).AuthenticationResult).toBeDefined();
      sdk.destroy();
      await emu.close();
      // the counter the authenticator reported is what the file keeps
      const [stored] = JSON.parse(readFileSync(path.join(dir, 'passkeys.json'), 'utf8')) as Json[];
      expect(stored.passkeys).toMatchObject([{ credentialId: credential.id, counter: expect.any(Number) }]);
      expect(stored.passkeys[0].counter).toBeGreaterThan(0);

      emu = await startLocalCognito({ dataDir: dir, onMessage: () => {} });
      sdk = sdkClient(emu);
      calls = passkeyCalls(() => ({ sdk, clientId: emu.clientId }));
      const after = await signIn();
      expect(decode(after.AuthenticationResult!.AccessToken!).username).toBe('restart-user');
      expect((await calls.list(after.AuthenticationResult!.AccessToken!)).Credentials).toMatchObject([
        { CredentialId: credential.id },
      ]);
      sdk.destroy();
      await emu.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** A test's own emulator with a user that has a password; closed after `body`. */
  async function withPool(body: (pool: PoolUnderTest) => Promise<void>) {
    const emu = await startTestCognito();
    const sdk = sdkClient(emu);
    try {
      const calls = passkeyCalls(() => ({ sdk, clientId: emu.clientId }));
      const token = await userWithPassword(emu, sdk, 'rp-user');
      const signIn = async (change: (options: Json) => Json) => {
        const challenge = await calls.userAuth('rp-user', { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
        const assertion = await browser.get(change(calls.requestOptions(challenge)));
        return calls.respond('WEB_AUTHN', challenge.Session, 'rp-user', {
          CREDENTIAL: JSON.stringify(assertion),
        });
      };
      const setRelyingParty = (config: {
        RelyingPartyId?: string;
        UserVerification?: 'required' | 'preferred';
      }) =>
        sdk.send(
          new SetUserPoolMfaConfigCommand({ UserPoolId: emu.userPoolId, WebAuthnConfiguration: config }),
        );
      await body({ emu, sdk, calls, token, signIn, setRelyingParty });
    } finally {
      sdk.destroy();
      await emu.close();
    }
  }

  it('SetUserPoolMfaConfig moves the relying party: a page elsewhere gets WebAuthnOriginNotAllowedException', async () => {
    await withPool(async ({ emu, sdk, calls, token, signIn, setRelyingParty }) => {
      await browser.newDevice();
      await calls.complete(token, await browser.create(await calls.start(token)));

      const set = await setRelyingParty({ RelyingPartyId: 'example.com' });
      expect(set.WebAuthnConfiguration).toEqual({
        RelyingPartyId: 'example.com',
        UserVerification: 'preferred',
      });
      const mfa = await sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: emu.userPoolId }));
      expect(mfa.WebAuthnConfiguration).toEqual(set.WebAuthnConfiguration);

      const options = await calls.start(token);
      expect(options.rp.id).toBe('example.com');
      // the browser itself refuses a relying party that is not the page's domain
      expect(await browser.create(options).catch((e: Error) => e.name)).toBe('SecurityError');
      // a page on localhost makes a credential for localhost: the pool of example.com refuses its origin
      const credential = await browser.create({
        ...options,
        rp: { ...options.rp, id: 'localhost' },
        excludeCredentials: [],
      });
      const originRefused = { name: 'WebAuthnOriginNotAllowedException' };
      expect(await failure(calls.complete(token, credential))).toMatchObject(originRefused);
      expect(await failure(signIn((o) => ({ ...o, rpId: 'localhost', allowCredentials: [] })))).toMatchObject(
        originRefused,
      );
    });
  });

  it('a credential of another relying party (a subdomain page): WebAuthnRelyingPartyMismatchException', async () => {
    await withPool(async ({ calls, token, signIn }) => {
      const sub = browser.origin.replace('//localhost', '//app.localhost');
      await browser.page.goto(`${sub}/`);
      try {
        await browser.newDevice();
        const options = await calls.start(token);
        const credential = await browser.create({ ...options, rp: { ...options.rp, id: 'app.localhost' } });
        const mismatch = { name: 'WebAuthnRelyingPartyMismatchException' };
        expect(await failure(calls.complete(token, credential))).toMatchObject(mismatch);
        expect(
          await failure(signIn((o) => ({ ...o, rpId: 'app.localhost', allowCredentials: [] }))),
        ).toMatchObject(mismatch);
      } finally {
        await browser.page.goto(`${browser.origin}/`);
      }
    });
  });

  it("UserVerification 'required' is asked for at registration and sign-in", async () => {
    await withPool(async ({ calls, token, signIn, setRelyingParty }) => {
      await setRelyingParty({ UserVerification: 'required' });
      await browser.newDevice();
      const options = await calls.start(token);
      expect(options.authenticatorSelection).toMatchObject({
        residentKey: 'required',
        userVerification: 'required',
      });
      await calls.complete(token, await browser.create(options));
      let asked: Json = {};
      const done = await signIn((o) => (asked = o));
      expect(asked).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
      expect(done.AuthenticationResult).toBeDefined();
    });
  });

  it('a pool without WEB_AUTHN: WebAuthnNotEnabledException, and SELECT_CHALLENGE does not offer it', async () => {
    const emu = await startTestCognito();
    const sdk = sdkClient(emu);
    try {
      const calls = passkeyCalls(() => ({ sdk, clientId: emu.clientId }));
      const token = await userWithPassword(emu, sdk, 'no-passkeys');
      const { UserPool } = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: emu.userPoolId }));
      await sdk.send(
        new UpdateUserPoolCommand({
          UserPoolId: emu.userPoolId,
          Policies: {
            ...UserPool!.Policies,
            SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] },
          },
        }),
      );
      expect(await failure(calls.start(token))).toMatchObject({ name: 'WebAuthnNotEnabledException' });
      expect(await failure(calls.complete(token, {}))).toMatchObject({ name: 'WebAuthnNotEnabledException' });
      const select = await calls.userAuth('no-passkeys');
      expect(select.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
      const preferred = await calls.userAuth('no-passkeys', { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
      expect(preferred.ChallengeName).toBe('SELECT_CHALLENGE');
    } finally {
      sdk.destroy();
      await emu.close();
    }
  });
});
