import type { DeleteWebAuthnCredentialRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';

/** DeleteWebAuthnCredential: one of the signed-in user's passkeys; anyone else's is not found. */
export const deleteWebAuthnCredential = (fx: Fidelity): Handler =>
  handler<DeleteWebAuthnCredentialRequest>(async (ctx, req) => {
    const { pool, user } = await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    fx.passkeys.delete(pool, user, req.CredentialId);
    return {};
  });
