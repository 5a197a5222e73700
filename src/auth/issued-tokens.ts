import { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { IssuedTokens } from '../cognito/cognito-user-api.types';
import { Tokens } from './sign-in-result';

/** The app's Tokens from what Cognito issued; an answer without access and id tokens is not a sign-in. */
export function toTokens(issued: IssuedTokens): Tokens {
  const { accessToken, idToken } = issued;
  if (!accessToken || !idToken) throw unsupportedStep();
  const tokens: Tokens = {
    idToken,
    accessToken,
    expiresIn: issued.expiresIn ?? lifetimeOf(accessToken),
    tokenType: 'Bearer',
  };
  if (issued.refreshToken) tokens.refreshToken = issued.refreshToken;
  return tokens;
}

/** The sign-in session a token belongs to, when it is a readable JWT that says so. */
export function originJtiOf(token: string): string | undefined {
  const jti = unverifiedClaims(token)?.origin_jti;
  return typeof jti === 'string' && jti.length > 0 ? jti : undefined;
}

export function unsupportedStep(): DomainError {
  return new DomainError(
    ErrorCode.INTERNAL_ERROR,
    'The identity provider asked for a sign-in step this gateway does not support',
  );
}

/** exp − iat of a token Cognito just issued (Cognito's ExpiresIn is not always sent). */
function lifetimeOf(token: string): number {
  const claims = unverifiedClaims(token);
  const exp = claims?.exp;
  const iat = claims?.iat;
  return typeof exp === 'number' && typeof iat === 'number' ? exp - iat : 3600;
}

function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  try {
    return decomposeUnverifiedJwt(token).payload;
  } catch {
    return undefined;
  }
}
