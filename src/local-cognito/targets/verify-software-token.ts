import type { VerifySoftwareTokenRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler, type LocalUser } from '../fidelity';
import { verifyTotp } from '../totp';

/**
 * VerifySoftwareToken: checks a real RFC 6238 code (±30 s) against the pending secret and marks TOTP verified.
 * Like AWS it does not turn MFA on: SetUserMFAPreference does.
 */
export const verifySoftwareToken = (fx: Fidelity): Handler =>
  handler<VerifySoftwareTokenRequest>(async (ctx, req) => {
    if (!req.AccessToken) {
      throw fx.errors.invalidParameter(
        'The local Cognito supports VerifySoftwareToken with an AccessToken only',
      );
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
