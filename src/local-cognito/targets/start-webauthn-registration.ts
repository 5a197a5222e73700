import type { StartWebAuthnRegistrationRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';

/** StartWebAuthnRegistration: the signed-in user's CredentialCreationOptions for navigator.credentials.create(). */
export const startWebAuthnRegistration = (fx: Fidelity): Handler =>
  handler<StartWebAuthnRegistrationRequest>(async (ctx, req) => {
    const { pool, user, claims } = await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    return fx.passkeys.startRegistration(pool, user, claims.client_id);
  });
