import { randomUUID } from 'node:crypto';
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import type { AppClient } from 'cognito-local/lib/services/appClient';
import type { CognitoService } from 'cognito-local/lib/services/cognitoService';
import type { Context } from 'cognito-local/lib/services/context';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService';
import type { CognitoErrors } from './errors';
import type { JwtPayload, JwtSigner } from './jwt';
import { refreshTokenUsable, type SignInSession, type SignInSessionStore } from './sign-in-sessions';

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

export interface TokenLifetimes {
  access: number;
  id: number;
  refresh: number;
}

/** Lifetimes in seconds from the app client, with AWS's units and defaults (1 h, 1 h, 30 d). */
export function tokenLifetimes(client: AppClient): TokenLifetimes {
  const units = client.TokenValidityUnits ?? {};
  const seconds = (
    value: number | undefined,
    unit: string | undefined,
    defaultUnit: string,
    fallback: number,
  ) => (value === undefined || value === null ? fallback : value * (UNIT_SECONDS[unit ?? defaultUnit] ?? 1));
  return {
    access: seconds(client.AccessTokenValidity, units.AccessToken, 'hours', 3600),
    id: seconds(client.IdTokenValidity, units.IdToken, 'hours', 3600),
    refresh: seconds(client.RefreshTokenValidity, units.RefreshToken, 'days', 30 * 86400),
  };
}

export const attributeValue = (user: User, name: string): string | undefined =>
  user.Attributes?.find((a) => a.Name === name)?.Value;

export interface AccessTokenCheck {
  claims: JwtPayload & { sub: string; username: string; client_id: string; origin_jti: string };
  pool: UserPoolService;
  user: User;
}

export interface TokenServiceDeps {
  signer: JwtSigner;
  issuerDomain: string;
  nowMs: () => number;
  sessions: SignInSessionStore;
  errors: CognitoErrors;
  cognito: CognitoService;
}

/**
 * Mints Cognito-shaped tokens (jti, origin_jti, AWS issuer, AWS lifetimes) and checks them the way
 * Cognito does: signature, expiry, token_use and revocation (the sign-in session must still be alive).
 */
export class TokenService {
  constructor(private readonly deps: TokenServiceDeps) {}

  issuer(userPoolId: string): string {
    return `${this.deps.issuerDomain}/${userPoolId}`;
  }

  private nowSeconds(): number {
    return Math.floor(this.deps.nowMs() / 1000);
  }

  /** A new sign-in session: access, id and refresh tokens. */
  async signIn(
    ctx: Context,
    pool: UserPoolService,
    client: AppClient,
    user: User,
  ): Promise<AuthenticationResultType> {
    const sub = attributeValue(user, 'sub') ?? user.Username;
    const now = this.nowSeconds();
    const lifetimes = tokenLifetimes(client);
    const originJti = randomUUID();
    const jti = randomUUID();
    const session: SignInSession = {
      id: originJti,
      userPoolId: pool.options.Id,
      sub,
      username: user.Username,
      clientId: client.ClientId,
      authTime: now,
      expiresAt: now + lifetimes.refresh,
      refreshTokens: { [jti]: null },
    };
    this.deps.sessions.add(session);
    const result = await this.mint(ctx, pool, client, user, originJti, now);
    return { ...result, RefreshToken: this.refreshToken(pool, client, session, jti) };
  }

  /**
   * New access and id tokens of the same session (same origin_jti, auth_time). With `rotation`, also a
   * new refresh token of that session, valid as long as the one it replaces; the presented one is then
   * honoured for the grace period only.
   */
  async refresh(
    ctx: Context,
    pool: UserPoolService,
    client: AppClient,
    refreshToken: unknown,
    rotation?: { graceSeconds: number },
  ): Promise<AuthenticationResultType> {
    const { claims, user, session } = await this.checkRefreshToken(ctx, pool, refreshToken, client.ClientId);
    const result = await this.mint(ctx, pool, client, user, session.id, session.authTime);
    if (!rotation) return result;
    const next = randomUUID();
    const nowMs = this.deps.nowMs();
    this.deps.sessions.rotateRefreshToken(session, {
      previous: claims.jti,
      next,
      previousUntilMs: nowMs + rotation.graceSeconds * 1000,
      nowMs,
    });
    return { ...result, RefreshToken: this.refreshToken(pool, client, session, next) };
  }

  /** Verifies a refresh token of `pool`; throws NotAuthorizedException like Cognito otherwise. */
  async checkRefreshToken(ctx: Context, pool: UserPoolService, token: unknown, clientId?: string) {
    const { errors } = this.deps;
    const claims = this.deps.signer.verify(token);
    if (
      !claims ||
      claims.token_use !== 'refresh' ||
      claims.iss !== this.issuer(pool.options.Id) ||
      typeof claims.sub !== 'string' ||
      typeof claims.origin_jti !== 'string' ||
      typeof claims.jti !== 'string' ||
      typeof claims['cognito:username'] !== 'string' ||
      (clientId !== undefined && claims.client_id !== clientId)
    ) {
      throw errors.notAuthorized('Invalid Refresh Token');
    }
    if (typeof claims.exp !== 'number' || claims.exp <= this.nowSeconds()) {
      throw errors.notAuthorized('Refresh Token has expired');
    }
    const user = await pool.getUserByUsername(ctx, claims['cognito:username']);
    if (!user || attributeValue(user, 'sub') !== claims.sub)
      throw errors.notAuthorized('Refresh Token has been revoked');
    if (!user.Enabled) throw errors.notAuthorized('User is disabled.');
    const session = this.deps.sessions.get(pool.options.Id, claims.sub, claims.origin_jti);
    if (!session) throw errors.notAuthorized('Refresh Token has been revoked');
    if (!refreshTokenUsable(session, claims.jti, this.deps.nowMs())) throw errors.refreshTokenReused();
    return {
      claims: claims as JwtPayload & { sub: string; origin_jti: string; jti: string; client_id: string },
      user,
      session,
    };
  }

  /** Cognito's checks for operations that take an AccessToken. */
  async checkAccessToken(ctx: Context, token: unknown): Promise<AccessTokenCheck> {
    const { errors } = this.deps;
    const invalid = () => errors.notAuthorized('Invalid Access Token');
    const claims = this.deps.signer.verify(token);
    if (
      !claims ||
      claims.token_use !== 'access' ||
      typeof claims.client_id !== 'string' ||
      typeof claims.sub !== 'string' ||
      typeof claims.username !== 'string' ||
      typeof claims.origin_jti !== 'string'
    ) {
      throw invalid();
    }
    let pool: UserPoolService;
    try {
      pool = await this.deps.cognito.getUserPoolForClientId(ctx, claims.client_id);
    } catch {
      throw invalid();
    }
    if (claims.iss !== this.issuer(pool.options.Id)) throw invalid();
    if (typeof claims.exp !== 'number' || claims.exp <= this.nowSeconds()) {
      throw errors.notAuthorized('Access Token has expired');
    }
    if (!this.deps.sessions.get(pool.options.Id, claims.sub, claims.origin_jti)) {
      throw errors.notAuthorized('Access Token has been revoked');
    }
    const user = await pool.getUserByUsername(ctx, claims.username);
    if (!user) throw errors.userNotFound();
    if (attributeValue(user, 'sub') !== claims.sub)
      throw errors.notAuthorized('Access Token has been revoked');
    if (!user.Enabled) throw errors.notAuthorized('User is disabled.');
    return { claims: claims as AccessTokenCheck['claims'], pool, user };
  }

  private refreshToken(
    pool: UserPoolService,
    client: AppClient,
    session: SignInSession,
    jti: string,
  ): string {
    return this.deps.signer.sign(
      { typ: 'JWT' },
      {
        jti,
        origin_jti: session.id,
        token_use: 'refresh',
        sub: session.sub,
        'cognito:username': session.username,
        client_id: client.ClientId,
        iss: this.issuer(pool.options.Id),
        iat: this.nowSeconds(),
        exp: session.expiresAt,
      },
    );
  }

  private async mint(
    ctx: Context,
    pool: UserPoolService,
    client: AppClient,
    user: User,
    originJti: string,
    authTime: number,
  ): Promise<AuthenticationResultType> {
    const now = this.nowSeconds();
    const lifetimes = tokenLifetimes(client);
    const groups = await pool.listUserGroupMembership(ctx, user);
    const sub = attributeValue(user, 'sub') ?? user.Username;
    const iss = this.issuer(pool.options.Id);
    const eventId = randomUUID();
    const groupClaim = groups.length ? { 'cognito:groups': [...groups] } : {};
    const access: JwtPayload = {
      sub,
      ...groupClaim,
      iss,
      client_id: client.ClientId,
      origin_jti: originJti,
      event_id: eventId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: authTime,
      exp: now + lifetimes.access,
      iat: now,
      jti: randomUUID(),
      username: user.Username,
    };
    const attributes: JwtPayload = {};
    for (const { Name, Value } of user.Attributes ?? []) {
      if (!Name || Name === 'sub' || Value === undefined) continue;
      attributes[Name] = Name.endsWith('_verified') ? Value === 'true' : Value;
    }
    const id: JwtPayload = {
      sub,
      ...groupClaim,
      ...attributes,
      iss,
      'cognito:username': user.Username,
      origin_jti: originJti,
      aud: client.ClientId,
      event_id: eventId,
      token_use: 'id',
      auth_time: authTime,
      exp: now + lifetimes.id,
      iat: now,
      jti: randomUUID(),
    };
    const header = { kid: 'CognitoLocal' };
    return {
      AccessToken: this.deps.signer.sign(header, access),
      ExpiresIn: lifetimes.access,
      TokenType: 'Bearer',
      IdToken: this.deps.signer.sign(header, id),
    };
  }
}
