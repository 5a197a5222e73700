import type { RespondRequest } from '../challenge-answers';
import { handler, type Fidelity, type Handler } from '../fidelity';

/**
 * RespondToAuthChallenge (also serves AdminRespondToAuthChallenge): PASSWORD_VERIFIER (real SRP check),
 * NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA, SMS_MFA and MFA_SETUP, with validated, expiring Session strings.
 */
export const respondToAuthChallenge = (fx: Fidelity): Handler =>
  handler<RespondRequest>(async (ctx, req) => {
    switch (req.ChallengeName) {
      case 'PASSWORD_VERIFIER':
        return fx.auth.srpVerify(ctx, req.ClientId, req.ChallengeResponses);
      case 'NEW_PASSWORD_REQUIRED':
        return fx.answers.newPassword(ctx, req);
      case 'SOFTWARE_TOKEN_MFA':
        return fx.answers.softwareTokenMfa(ctx, req);
      case 'MFA_SETUP':
        return fx.answers.mfaSetup(ctx, req);
      case 'SMS_MFA':
        return fx.answers.smsMfa(ctx, req);
      default:
        throw fx.errors.invalidParameter(`Unsupported ChallengeName: ${req.ChallengeName}`);
    }
  });
