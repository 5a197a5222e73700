import type { AssociateSoftwareTokenRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import type { LocalUser } from '../local-user';
import { newTotpSecret } from '../totp';
import { nextMfaSetupSession } from './mfa-setup-session';

/**
 * AssociateSoftwareToken: a new base32 secret. With an AccessToken it waits on the user until
 * VerifySoftwareToken; with the Session of an MFA_SETUP challenge it waits in a new session, as on AWS.
 */
export const associateSoftwareToken = (fx: Fidelity): Handler =>
  handler<AssociateSoftwareTokenRequest>(async (ctx, req) => {
    const secret = newTotpSecret();
    if (!req.AccessToken) {
      const session = nextMfaSetupSession(fx, req.Session, (state) => ({
        ...state,
        totp: { secret, verified: false },
      }));
      return { SecretCode: secret, Session: session };
    }
    const { pool, user } = await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    await pool.saveUser(ctx, { ...user, PendingSoftwareTokenSecret: secret } as LocalUser);
    return { SecretCode: secret };
  });
