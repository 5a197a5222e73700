import type { VerifySoftwareTokenRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import type { LocalUser } from '../local-user';
import { verifyTotp } from '../totp';
import { nextMfaSetupSession } from './mfa-setup-session';

/**
 * VerifySoftwareToken: checks a real RFC 6238 code (±30 s) against the pending secret and marks TOTP verified.
 * Like AWS it does not turn MFA on: SetUserMFAPreference does. On an MFA_SETUP challenge's Session, the
 * verified secret waits in the next session for RespondToAuthChallenge(MFA_SETUP).
 */
export const verifySoftwareToken = (fx: Fidelity): Handler =>
  handler<VerifySoftwareTokenRequest>(async (ctx, req) => {
    if (!req.AccessToken) {
      const session = nextMfaSetupSession(fx, req.Session, (state) => {
        if (!state.totp) throw fx.errors.invalidParameter('User has not associated a software token');
        if (!verifyTotp(state.totp.secret, req.UserCode ?? '', fx.nowMs())) {
          throw fx.errors.make(
            'EnableSoftwareTokenMFAException',
            'Code mismatch and fail enable Software Token MFA',
          );
        }
        return { ...state, totp: { ...state.totp, verified: true } };
      });
      return { Status: 'SUCCESS', Session: session };
    }
    const { pool, user } = await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    const local = user as LocalUser;
    const secret = local.PendingSoftwareTokenSecret;
    if (!secret) throw fx.errors.invalidParameter('User has not associated a software token');
    if (!verifyTotp(secret, req.UserCode ?? '', fx.nowMs())) {
      throw fx.errors.make(
        'EnableSoftwareTokenMFAException',
        'Code mismatch and fail enable Software Token MFA',
      );
    }
    const { PendingSoftwareTokenSecret: _pending, ...rest } = local;
    await pool.saveUser(ctx, {
      ...rest,
      SoftwareTokenMfaConfiguration: {
        Secret: secret,
        Verified: true,
        FriendlyDeviceName: req.FriendlyDeviceName,
      },
      UserLastModifiedDate: new Date(fx.nowMs()),
    });
    return { Status: 'SUCCESS' };
  });
