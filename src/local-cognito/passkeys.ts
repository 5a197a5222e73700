import { createHash, createHmac, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import {
  cose,
  decodeAttestationObject,
  decodeClientDataJSON,
  isoBase64URL,
  isoCBOR,
  parseAuthenticatorData,
  type ClientDataJSON,
} from '@simplewebauthn/server/helpers';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService';
import type { CognitoErrors } from './errors';
import type { PasskeyStore, StoredPasskey } from './passkey-store';
import { allowedFirstFactors, type SignInSettings } from './sign-in-policy';
import { attributeValue } from './token-service';
import { originAllowed } from './webauthn-origin';

/** A registration challenge lives this long (in memory), and is good for one CompleteWebAuthnRegistration. */
export const REGISTRATION_TTL_MS = 5 * 60_000;
/** The sign-in challenge's timeout: the life of the challenge session that carries it. */
const SIGN_IN_TIMEOUT_MS = 3 * 60_000;
/** Passkeys one user may register. */
export const MAX_PASSKEYS = 20;
/** ES256 and RS256: what the pool offers (pubKeyCredParams) and accepts. */
const ALGORITHMS = [cose.COSEALG.ES256, cose.COSEALG.RS256];
/** A WebAuthn response is a few KiB at most; anything far larger is no browser's. */
const MAX_RESPONSE_CHARS = 64 * 1024;

interface RelyingParty {
  rpId: string;
  userVerification: 'required' | 'preferred';
}

interface PendingRegistration {
  challenge: string;
  clientId: string;
  expiresAt: number;
}

export interface PasskeysDeps {
  errors: CognitoErrors;
  store: PasskeyStore;
  nowMs: () => number;
}

/** The page shown in ListWebAuthnCredentials. */
export interface PasskeyDescription {
  CredentialId: string;
  FriendlyCredentialName: string;
  RelyingPartyId: string;
  AuthenticatorAttachment?: string;
  AuthenticatorTransports: string[];
  CreatedAt: Date;
}

/**
 * Passkeys (WebAuthn) of the pool's users: registration (StartWebAuthnRegistration and
 * CompleteWebAuthnRegistration), their list and deletion, and the WEB_AUTHN sign-in challenge and its
 * answer. @simplewebauthn/server does the WebAuthn work (attestation, assertion, CBOR and COSE).
 */
export class Passkeys {
  private readonly pending = new Map<string, PendingRegistration>();
  /** Keys the made-up credential ids offered where there is no passkey (stable per username). */
  private readonly decoyKey = randomBytes(32);
  private readonly dummyPublicKey = dummyCosePublicKey();

  constructor(private readonly deps: PasskeysDeps) {}

  /** StartWebAuthnRegistration: the creation options, and a pending challenge for the user. */
  async startRegistration(pool: UserPoolService, user: User, clientId: string) {
    const rp = this.relyingParty(pool);
    const sub = subOf(user);
    const existing = this.deps.store.list(pool.options.Id, sub);
    if (existing.length >= MAX_PASSKEYS) throw this.limitExceeded();
    const options = await generateRegistrationOptions({
      rpName: pool.options.Name ?? rp.rpId,
      rpID: rp.rpId,
      userID: new TextEncoder().encode(sub),
      userName: user.Username,
      userDisplayName: user.Username,
      timeout: REGISTRATION_TTL_MS,
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({
        id: p.credentialId,
        transports: p.transports as AuthenticatorTransportFuture[],
      })),
      authenticatorSelection: { residentKey: 'required', userVerification: rp.userVerification },
      supportedAlgorithmIDs: ALGORITHMS,
    });
    this.sweep();
    this.pending.set(key(pool.options.Id, sub), {
      challenge: options.challenge,
      clientId,
      expiresAt: this.deps.nowMs() + REGISTRATION_TTL_MS,
    });
    return { CredentialCreationOptions: options };
  }

  /** CompleteWebAuthnRegistration: verifies the attestation against the pending challenge, which it spends. */
  async completeRegistration(
    pool: UserPoolService,
    user: User,
    clientId: string,
    credential: unknown,
  ): Promise<void> {
    const { errors, store } = this.deps;
    const rp = this.relyingParty(pool);
    const poolId = pool.options.Id;
    const sub = subOf(user);
    const pending = this.pending.get(key(poolId, sub));
    this.pending.delete(key(poolId, sub));
    if (!pending || pending.expiresAt <= this.deps.nowMs()) {
      throw errors.make('WebAuthnChallengeNotFoundException', 'No pending passkey registration challenge.');
    }
    if (pending.clientId !== clientId) {
      throw errors.make(
        'WebAuthnClientMismatchException',
        'The access token is for another app client than the registration challenge.',
      );
    }
    const response = registrationResponse(credential);
    if (!response) throw errors.invalidParameter('Credential is not a RegistrationResponseJSON.');
    const clientData = this.clientData(response.response.clientDataJSON);
    if (clientData.type !== 'webauthn.create') {
      throw errors.invalidParameter('Credential is not a registration (webauthn.create).');
    }
    if (clientData.challenge !== pending.challenge) {
      throw errors.make(
        'WebAuthnChallengeNotFoundException',
        'The credential answers no pending registration challenge.',
      );
    }
    this.assertOrigin(clientData.origin, rp.rpId);
    this.assertRpIdHash(attestedRpIdHash(response.response.attestationObject, errors), rp.rpId);
    if (store.list(poolId, sub).length >= MAX_PASSKEYS) throw this.limitExceeded();
    let info;
    try {
      const verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: pending.challenge,
        expectedOrigin: clientData.origin,
        expectedRPID: rp.rpId,
        requireUserVerification: rp.userVerification === 'required',
        supportedAlgorithmIDs: ALGORITHMS,
      });
      if (!verified.verified) throw new Error('The attestation could not be verified');
      info = verified.registrationInfo;
    } catch (e) {
      const message = (e as Error).message;
      if (message.startsWith('Unexpected public key alg')) {
        throw errors.make('WebAuthnCredentialNotSupportedException', message);
      }
      throw errors.invalidParameter(message);
    }
    const credentialId = info.credential.id;
    if (store.registeredInPool(poolId, credentialId)) {
      throw errors.invalidParameter('This passkey is already registered.');
    }
    store.add(poolId, sub, {
      credentialId,
      publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
      counter: info.credential.counter,
      transports: response.response.transports ?? [],
      // Cognito names passkeys itself (from the authenticator model); without a model registry, a short
      // label that still tells a user's passkeys apart.
      friendlyName: `Passkey ${credentialId.slice(0, 6)}`,
      relyingPartyId: rp.rpId,
      ...(response.authenticatorAttachment
        ? { authenticatorAttachment: response.authenticatorAttachment }
        : {}),
      createdAt: this.deps.nowMs(),
    });
  }

  list(pool: UserPoolService, user: User): PasskeyDescription[] {
    return this.deps.store.list(pool.options.Id, subOf(user)).map(describe);
  }

  delete(pool: UserPoolService, user: User, credentialId: string | undefined): void {
    if (!credentialId || !this.deps.store.remove(pool.options.Id, subOf(user), credentialId)) {
      throw this.deps.errors.make('ResourceNotFoundException', 'Credential not found.');
    }
  }

  /** The user is gone (DeleteUser, AdminDeleteUser): so are their passkeys. */
  removeUser(userPoolId: string, user: User): void {
    const sub = subOf(user);
    this.deps.store.removeAll(userPoolId, sub);
    this.pending.delete(key(userPoolId, sub));
  }

  /** Whether WEB_AUTHN can be offered at sign-in: allowed as a first factor, with a relying party. */
  available(pool: UserPoolService): boolean {
    const settings = pool.options as SignInSettings;
    return allowedFirstFactors(pool).includes('WEB_AUTHN') && !!settings.WebAuthnRelyingPartyID;
  }

  /**
   * The WEB_AUTHN challenge's CREDENTIAL_REQUEST_OPTIONS. A username that names no user, and a user
   * without passkeys, get one made-up credential id (stable per username, as long as the real ones), so
   * that the challenge does not tell who exists or who has a passkey.
   */
  async signInChallenge(pool: UserPoolService, user: User | undefined, username: string) {
    const rp = this.relyingParty(pool);
    const passkeys = user ? this.deps.store.list(pool.options.Id, subOf(user)) : [];
    const allowCredentials = passkeys.length
      ? passkeys.map((p) => ({
          id: p.credentialId,
          transports: p.transports as AuthenticatorTransportFuture[],
        }))
      : [{ id: this.decoyCredentialId(pool, username), transports: ['internal' as const] }];
    const options = await generateAuthenticationOptions({
      rpID: rp.rpId,
      allowCredentials,
      userVerification: rp.userVerification,
      timeout: SIGN_IN_TIMEOUT_MS,
    });
    return { challenge: options.challenge, requestOptions: JSON.stringify(options) };
  }

  /**
   * Verifies a WEB_AUTHN answer (CREDENTIAL, an AuthenticationResponseJSON) and moves the passkey's
   * counter on. Checks that need no user come first, each with its own exception; everything about the
   * user (no such user, not their passkey, bad signature, counter, user verification) then fails alike,
   * after the same signature check (against a dummy key where there is no passkey), as a wrong password.
   */
  async verifySignIn(
    pool: UserPoolService,
    user: User | undefined,
    expectedChallenge: string,
    credential: string | undefined,
  ): Promise<void> {
    const { errors, store } = this.deps;
    const rp = this.relyingParty(pool);
    const response = authenticationResponse(credential);
    if (!response) throw errors.invalidParameter('CREDENTIAL is not an AuthenticationResponseJSON.');
    const clientData = this.clientData(response.response.clientDataJSON);
    if (clientData.type !== 'webauthn.get' || clientData.challenge !== expectedChallenge) {
      throw errors.invalidParameter('CREDENTIAL does not answer this challenge.');
    }
    this.assertOrigin(clientData.origin, rp.rpId);
    let rpIdHash: Uint8Array;
    try {
      rpIdHash = parseAuthenticatorData(isoBase64URL.toBuffer(response.response.authenticatorData)).rpIdHash;
    } catch {
      throw errors.invalidParameter('CREDENTIAL has unreadable authenticator data.');
    }
    this.assertRpIdHash(rpIdHash, rp.rpId);

    const passkey = user ? store.find(pool.options.Id, subOf(user), response.id) : undefined;
    let newCounter: number | undefined;
    try {
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge,
        expectedOrigin: clientData.origin,
        expectedRPID: rp.rpId,
        credential: passkey ? webAuthnCredential(passkey) : this.dummyCredential(response.id),
        requireUserVerification: rp.userVerification === 'required',
      });
      if (result.verified) newCounter = result.authenticationInfo.newCounter;
    } catch {
      newCounter = undefined;
    }
    if (!passkey || newCounter === undefined) throw errors.incorrectCredentials();
    store.setCounter(passkey, newCounter);
  }

  close(): Promise<void> {
    return this.deps.store.close();
  }

  private relyingParty(pool: UserPoolService): RelyingParty {
    const { errors } = this.deps;
    const settings = pool.options as SignInSettings;
    if (!allowedFirstFactors(pool).includes('WEB_AUTHN')) {
      throw errors.make('WebAuthnNotEnabledException', 'Passkeys are not enabled for this user pool.');
    }
    if (!settings.WebAuthnRelyingPartyID) {
      throw errors.make(
        'WebAuthnConfigurationMissingException',
        'The user pool has no WebAuthn relying party ID.',
      );
    }
    return {
      rpId: settings.WebAuthnRelyingPartyID,
      userVerification: settings.WebAuthnUserVerification === 'required' ? 'required' : 'preferred',
    };
  }

  private clientData(encoded: string): ClientDataJSON {
    try {
      const data = decodeClientDataJSON(encoded);
      if (
        typeof data?.type === 'string' &&
        typeof data.challenge === 'string' &&
        typeof data.origin === 'string'
      )
        return data;
    } catch {
      // reported below, like a clientDataJSON of the wrong shape
    }
    throw this.deps.errors.invalidParameter('The credential has unreadable client data.');
  }

  private assertOrigin(origin: string, rpId: string): void {
    if (!originAllowed(origin, rpId)) {
      throw this.deps.errors.make(
        'WebAuthnOriginNotAllowedException',
        `Origin ${origin} is not allowed for the relying party ${rpId}.`,
      );
    }
  }

  private assertRpIdHash(rpIdHash: Uint8Array, rpId: string): void {
    const expected = createHash('sha256').update(rpId).digest();
    if (rpIdHash.length !== expected.length || !timingSafeEqual(rpIdHash, expected)) {
      throw this.deps.errors.make(
        'WebAuthnRelyingPartyMismatchException',
        `The credential is not for the relying party ${rpId}.`,
      );
    }
  }

  private limitExceeded() {
    return this.deps.errors.make(
      'LimitExceededException',
      `A user can register at most ${MAX_PASSKEYS} passkeys.`,
    );
  }

  /** 32 bytes, as long as the credential ids of common platform authenticators. */
  private decoyCredentialId(pool: UserPoolService, username: string): string {
    const digest = createHmac('sha256', this.decoyKey).update(`${pool.options.Id}/${username}`).digest();
    return isoBase64URL.fromBuffer(digest);
  }

  private dummyCredential(id: string): WebAuthnCredential {
    return { id, publicKey: this.dummyPublicKey, counter: 0 };
  }

  private sweep(): void {
    const now = this.deps.nowMs();
    for (const [k, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(k);
  }
}

const key = (userPoolId: string, sub: string) => `${userPoolId}/${sub}`;

const subOf = (user: User): string => attributeValue(user, 'sub') ?? user.Username;

function describe(p: StoredPasskey): PasskeyDescription {
  return {
    CredentialId: p.credentialId,
    FriendlyCredentialName: p.friendlyName,
    RelyingPartyId: p.relyingPartyId,
    ...(p.authenticatorAttachment ? { AuthenticatorAttachment: p.authenticatorAttachment } : {}),
    AuthenticatorTransports: p.transports,
    CreatedAt: new Date(p.createdAt),
  };
}

function webAuthnCredential(p: StoredPasskey): WebAuthnCredential {
  return {
    id: p.credentialId,
    publicKey: isoBase64URL.toBuffer(p.publicKey),
    counter: p.counter,
    transports: p.transports as AuthenticatorTransportFuture[],
  };
}

/** The RP ID hash of a registration's authenticator data (decoded by the library). */
function attestedRpIdHash(attestationObject: string, errors: CognitoErrors): Uint8Array {
  try {
    const authData = decodeAttestationObject(isoBase64URL.toBuffer(attestationObject)).get('authData');
    return parseAuthenticatorData(authData).rpIdHash;
  } catch {
    throw errors.invalidParameter('The credential has an unreadable attestation object.');
  }
}

/** A P-256 public key nobody holds the private key of, in COSE form (encoded by the library's CBOR). */
function dummyCosePublicKey() {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  const { COSEKEYS, COSEKTY, COSEALG, COSECRV } = cose;
  return isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [COSEKEYS.kty, COSEKTY.EC2],
      [COSEKEYS.alg, COSEALG.ES256],
      [COSEKEYS.crv, COSECRV.P256],
      [COSEKEYS.x, isoBase64URL.toBuffer(jwk.x!)],
      [COSEKEYS.y, isoBase64URL.toBuffer(jwk.y!)],
    ]),
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isBase64Url = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && isoBase64URL.isBase64URL(v);
const optional = (v: unknown, check: (x: unknown) => boolean) => v === undefined || v === null || check(v);
const isStringArray = (v: unknown) => Array.isArray(v) && v.every((t) => typeof t === 'string');

/** The fields every PublicKeyCredential JSON has, checked before the library reads it. */
function credentialShape(v: unknown): v is Record<string, unknown> & { response: Record<string, unknown> } {
  return (
    isRecord(v) &&
    isBase64Url(v.id) &&
    v.rawId === v.id &&
    v.type === 'public-key' &&
    isRecord(v.response) &&
    isBase64Url(v.response.clientDataJSON) &&
    optional(v.authenticatorAttachment, (a) => typeof a === 'string') &&
    optional(v.clientExtensionResults, isRecord)
  );
}

function registrationResponse(v: unknown): RegistrationResponseJSON | undefined {
  if (JSON.stringify(v ?? null).length > MAX_RESPONSE_CHARS || !credentialShape(v)) return undefined;
  const r = v.response;
  if (!isBase64Url(r.attestationObject) || !optional(r.transports, isStringArray)) return undefined;
  return { clientExtensionResults: {}, ...v } as unknown as RegistrationResponseJSON;
}

function authenticationResponse(json: string | undefined): AuthenticationResponseJSON | undefined {
  if (!json || json.length > MAX_RESPONSE_CHARS) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!credentialShape(v)) return undefined;
  const r = v.response;
  if (!isBase64Url(r.authenticatorData) || !isBase64Url(r.signature)) return undefined;
  if (!optional(r.userHandle, (h) => typeof h === 'string')) return undefined;
  return { clientExtensionResults: {}, ...v } as unknown as AuthenticationResponseJSON;
}
