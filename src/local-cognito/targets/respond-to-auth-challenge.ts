import type { RespondRequest } from '../challenge-sessions';
import { handler, type Fidelity, type Handler } from '../fidelity';

/**
 * RespondToAuthChallenge (also serves AdminRespondToAuthChallenge): PASSWORD_VERIFIER (real SRP check),
 * NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA, SMS_MFA, MFA_SETUP and USER_AUTH's SELECT_CHALLENGE, PASSWORD,
 * PASSWORD_SRP, EMAIL_OTP, SMS_OTP and WEB_AUTHN, with validated, expiring Session strings.
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
      case 'SELECT_CHALLENGE':
        return fx.choice.select(ctx, req);
      case 'PASSWORD':
      case 'PASSWORD_SRP':
        return fx.choice.password(ctx, req, req.ChallengeName);
      case 'EMAIL_OTP':
      case 'SMS_OTP':
        return fx.choice.answerOtp(ctx, req, req.ChallengeName);
      case 'WEB_AUTHN':
        return fx.choice.answerWebAuthn(ctx, req);
      default:
        throw fx.errors.invalidParameter(`Unsupported ChallengeName: ${req.ChallengeName}`);
    }
  });
