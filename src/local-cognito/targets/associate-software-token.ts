import type { AssociateSoftwareTokenRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler, type LocalUser } from '../fidelity';
import { newTotpSecret } from '../totp';

/** AssociateSoftwareToken (AccessToken only): a new base32 secret, pending until VerifySoftwareToken. */
export const associateSoftwareToken = (fx: Fidelity): Handler =>
  handler<AssociateSoftwareTokenRequest>(async (ctx, req) => {
    if (!req.AccessToken) {
      throw fx.errors.invalidParameter(
        'The local Cognito supports AssociateSoftwareToken with an AccessToken only',
      );
    }
    const { pool, user } = await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    const secret = newTotpSecret();
    await pool.saveUser(ctx, { ...user, PendingSoftwareTokenSecret: secret } as LocalUser);
    return { SecretCode: secret };
  });
