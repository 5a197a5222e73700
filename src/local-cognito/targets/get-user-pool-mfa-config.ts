import type { GetUserPoolMfaConfigRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import type { SignInSettings } from '../sign-in-policy';

/** GetUserPoolMfaConfig with the pool's passkey settings (WebAuthnConfiguration), which cognito-local omits. */
export const getUserPoolMfaConfig = (fx: Fidelity): Handler =>
  handler<GetUserPoolMfaConfigRequest>(async (ctx, req) => {
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    const config = (await fx.original('GetUserPoolMfaConfig')(ctx, req as never)) as object;
    const settings = pool.options as SignInSettings;
    if (!settings.WebAuthnRelyingPartyID) return config;
    return {
      ...config,
      WebAuthnConfiguration: {
        RelyingPartyId: settings.WebAuthnRelyingPartyID,
        UserVerification: settings.WebAuthnUserVerification ?? 'preferred',
      },
    };
  });
