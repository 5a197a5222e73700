import { randomUUID } from 'node:crypto';
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import type { AppClient } from 'cognito-local/lib/services/appClient';
import type { CognitoService } from 'cognito-local/lib/services/cognitoService';
import type { Context } from 'cognito-local/lib/services/context';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService';
import type { CognitoErrors } from './errors';
import type { JwtPayload, JwtSigner } from './jwt';
import type { SignInSessionStore } from './sign-in-sessions';

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
    this.deps.sessions.add({
      id: originJti,
      userPoolId: pool.options.Id,
      sub,
      username: user.Username,
      clientId: client.ClientId,
      authTime: now,
      expiresAt: now + lifetimes.refresh,
    });
    const refreshToken = this.deps.signer.sign(
      { typ: 'JWT' },
      {
        jti: randomUUID(),
        origin_jti: originJti,
        token_use: 'refresh',
        sub,
        'cognito:username': user.Username,
        client_id: client.ClientId,
        iss: this.issuer(pool.options.Id),
        iat: now,
        exp: now + lifetimes.refresh,
      },
    );
    const result = await this.mint(ctx, pool, client, user, originJti, now);
    return { ...result, RefreshToken: refreshToken };
  }

  /** REFRESH_TOKEN_AUTH: new access and id tokens of the same session (same origin_jti, auth_time). */
  async refresh(ctx: Context, pool: UserPoolService, client: AppClient, refreshToken: unknown) {
    const { claims, user } = await this.checkRefreshToken(ctx, pool, refreshToken, client.ClientId);
    const session = this.deps.sessions.get(pool.options.Id, claims.sub, claims.origin_jti)!;
    return this.mint(ctx, pool, client, user, session.id, session.authTime);
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
    if (!this.deps.sessions.get(pool.options.Id, claims.sub, claims.origin_jti)) {
      throw errors.notAuthorized('Refresh Token has been revoked');
    }
    return {
      claims: claims as JwtPayload & { sub: string; origin_jti: string; client_id: string },
      user,
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
