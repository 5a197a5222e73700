import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CHALLENGE_NAMES, ChallengeName } from './sign-in-result';

/**
 * The `session` the app gets with a challenge: a tag, a colon, then Cognito's own Session string,
 * untouched. The tag is the challenge's name, and for NEW_PASSWORD_REQUIRED with required attributes
 * also `.` and their names (base64url of a JSON array). The gateway keeps no state: the name tells the
 * next call which answer to send (the MFA route serves three challenges), the names which attributes
 * the answer may set, and Cognito's Session carries the rest and is checked by Cognito. Tampering with
 * the name only makes Cognito refuse the session; widening the names gains nothing, since an answer may
 * only set attributes users may write anyway (WritableAttributes).
 */
/** Cognito's bounds on a Session (API reference): anything else is refused here, without a call. */
const MIN_COGNITO_SESSION = 20;
const MAX_COGNITO_SESSION = 2048;
/** Far more than any pool's required attributes, far less than what would cost parsing. */
const MAX_NAMES_LENGTH = 2048;
const NAMES = /^[A-Za-z0-9_-]+$/;

export interface ChallengeSession<Name extends ChallengeName> {
  name: Name;
  cognitoSession: string;
  /** NEW_PASSWORD_REQUIRED: the attributes Cognito asked for. */
  requiredAttributes: string[];
}

export function wrapChallengeSession(
  name: ChallengeName,
  cognitoSession: string,
  requiredAttributes: readonly string[] = [],
): string {
  if (requiredAttributes.length === 0) return `${name}:${cognitoSession}`;
  const names = Buffer.from(JSON.stringify(requiredAttributes)).toString('base64url');
  return `${name}.${names}:${cognitoSession}`;
}

export function unwrapChallengeSession<Name extends ChallengeName>(
  session: string,
  expected: readonly Name[],
): ChallengeSession<Name> {
  const separator = session.indexOf(':');
  const [name, names, ...rest] = session.slice(0, Math.max(separator, 0)).split('.') as [Name, ...string[]];
  const cognitoSession = session.slice(separator + 1);
  const cognitoShaped =
    cognitoSession.length >= MIN_COGNITO_SESSION && cognitoSession.length <= MAX_COGNITO_SESSION;
  const requiredAttributes =
    names === undefined ? [] : name === 'NEW_PASSWORD_REQUIRED' ? namesOf(names) : undefined;
  if (
    separator < 0 ||
    !CHALLENGE_NAMES.includes(name) ||
    !expected.includes(name) ||
    !cognitoShaped ||
    rest.length > 0 ||
    requiredAttributes === undefined
  ) {
    throw invalidSession();
  }
  return { name, cognitoSession, requiredAttributes };
}

function namesOf(encoded: string): string[] | undefined {
  if (encoded.length > MAX_NAMES_LENGTH || !NAMES.test(encoded)) return undefined;
  try {
    const names = JSON.parse(Buffer.from(encoded, 'base64url').toString()) as unknown;
    return Array.isArray(names) && names.every((n) => typeof n === 'string') ? names : undefined;
  } catch {
    return undefined;
  }
}

function invalidSession(): DomainError {
  return new DomainError(ErrorCode.INVALID_SESSION, 'The challenge session is invalid or has expired');
}
