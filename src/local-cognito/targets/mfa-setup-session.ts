import type { ChallengeState } from '../challenge-sessions';
import type { Fidelity } from '../fidelity';

/**
 * AssociateSoftwareToken and VerifySoftwareToken on an MFA_SETUP challenge: each takes the challenge's
 * Session and, like AWS, answers with a new one (the old one is spent).
 */
export function nextMfaSetupSession(
  fx: Fidelity,
  session: string | undefined,
  next: (state: ChallengeState) => ChallengeState,
): string {
  const found = fx.challenges.lookup(session);
  if ('error' in found) throw fx.errors.invalidSession(found.error === 'expired');
  if (found.state.challengeName !== 'MFA_SETUP') throw fx.errors.invalidSession();
  // A refusal from `next` (a wrong code) leaves the session usable for another try.
  const state = next(found.state);
  fx.challenges.delete(session!);
  return fx.challenges.create(state);
}
