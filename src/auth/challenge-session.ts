import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CHALLENGE_NAMES, ChallengeName } from './sign-in-result';

/**
 * The `session` the app gets with a challenge: the challenge's name, a colon, then Cognito's own
 * Session string, untouched. The gateway keeps no state: the name tells the next call which answer to
 * send (the MFA route serves three challenges), Cognito's Session carries the rest and is checked by
 * Cognito. Tampering with the name only makes Cognito refuse the session.
 */
/** Cognito's bounds on a Session (API reference): anything else is refused here, without a call. */
const MIN_COGNITO_SESSION = 20;
const MAX_COGNITO_SESSION = 2048;

export function wrapChallengeSession(name: ChallengeName, cognitoSession: string): string {
  return `${name}:${cognitoSession}`;
}

export function unwrapChallengeSession<Name extends ChallengeName>(
  session: string,
  expected: readonly Name[],
): { name: Name; cognitoSession: string } {
  const separator = session.indexOf(':');
  const name = session.slice(0, separator) as Name;
  const cognitoSession = session.slice(separator + 1);
  const cognitoShaped =
    cognitoSession.length >= MIN_COGNITO_SESSION && cognitoSession.length <= MAX_COGNITO_SESSION;
  if (separator < 0 || !CHALLENGE_NAMES.includes(name) || !expected.includes(name) || !cognitoShaped) {
    throw new DomainError(ErrorCode.INVALID_SESSION, 'The challenge session is invalid or has expired');
  }
  return { name, cognitoSession };
}
