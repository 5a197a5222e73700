import type { Services } from 'cognito-local/lib/services';
import type { Context } from 'cognito-local/lib/services/context';
import type { AuthEngine } from './auth-engine';
import type { ChallengeAnswers } from './challenge-answers';
import type { ChallengeSessions } from './challenge-sessions';
import type { ChoiceSignIn } from './choice-sign-in';
import type { CognitoErrors } from './errors';
import type { Passkeys } from './passkeys';
import type { SignInSessionStore } from './sign-in-sessions';
import type { TokenService } from './token-service';

/** A cognito-local route: the JSON request body in, the JSON response out (errors are thrown). */
export type Handler = (ctx: Context, req: never) => Promise<unknown>;

/** Declares a handler with a typed request (the SDK's own request types). */
export const handler =
  <Req>(fn: (ctx: Context, req: Req) => Promise<unknown>): Handler =>
  (ctx, req) =>
    fn(ctx, req ?? {});

/** Everything our fidelity targets share. */
export interface Fidelity {
  services: Services;
  /** cognito-local's own handler for a target (to delegate to after our checks). */
  original(target: string): Handler;
  errors: CognitoErrors;
  tokens: TokenService;
  challenges: ChallengeSessions;
  signInSessions: SignInSessionStore;
  auth: AuthEngine;
  answers: ChallengeAnswers;
  /** InitiateAuth USER_AUTH and its challenges. */
  choice: ChoiceSignIn;
  /** WebAuthn registration, the users' passkeys and their sign-in checks. */
  passkeys: Passkeys;
  nowMs(): number;
}
