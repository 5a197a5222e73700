import type { CognitoAccessTokenPayload, CognitoIdTokenPayload } from 'aws-jwt-verify/jwt-model';

/** The verified claims of a Cognito access token, as the guard attaches them to the request. */
export type AccessTokenClaims = CognitoAccessTokenPayload & { origin_jti?: string };
export type IdTokenClaims = CognitoIdTokenPayload & { origin_jti?: string };

/** `cognito:groups` as Cognito writes it: absent, one string, or an array. Names are case-sensitive. */
export function groupsOf(claims: { 'cognito:groups'?: unknown }): string[] {
  const groups = claims['cognito:groups'];
  if (Array.isArray(groups)) return groups.filter((g): g is string => typeof g === 'string');
  return typeof groups === 'string' ? [groups] : [];
}

/** The caller as the JWT guard verified them. */
export interface SignedInUser {
  claims: AccessTokenClaims;
  accessToken: string;
}

/** The caller with the full Cognito session: also the verified `X-Id-Token` of the same user. */
export interface FullSessionUser extends SignedInUser {
  idToken: string;
}
