import type { SetUserPoolMfaConfigRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import type { SignInSettings } from '../sign-in-policy';

const USER_VERIFICATION = ['required', 'preferred'];

/**
 * SetUserPoolMfaConfig (cognito-local's) plus WebAuthnConfiguration, which cognito-local ignores: the
 * passkey relying party ID and user verification; a field left out keeps its value, as on AWS.
 */
export const setUserPoolMfaConfig = (fx: Fidelity): Handler =>
  handler<SetUserPoolMfaConfigRequest>(async (ctx, req) => {
    const webAuthn = req.WebAuthnConfiguration;
    if (webAuthn?.UserVerification && !USER_VERIFICATION.includes(webAuthn.UserVerification)) {
      throw fx.errors.invalidParameter(
        `1 validation error detected: Value '${webAuthn.UserVerification}' at 'webAuthnConfiguration.userVerification' failed to satisfy constraint: Member must satisfy enum value set: [required, preferred]`,
      );
    }
    const answer = (await fx.original('SetUserPoolMfaConfig')(ctx, req as never)) as object;
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    if (webAuthn) {
      const current = pool.options as SignInSettings;
      const updated: Pick<SignInSettings, 'WebAuthnRelyingPartyID' | 'WebAuthnUserVerification'> = {
        WebAuthnRelyingPartyID: webAuthn.RelyingPartyId ?? current.WebAuthnRelyingPartyID,
        WebAuthnUserVerification: webAuthn.UserVerification ?? current.WebAuthnUserVerification,
      };
      await pool.updateOptions(ctx, { ...pool.options, ...updated });
    }
    const settings = pool.options as SignInSettings;
    if (!settings.WebAuthnRelyingPartyID) return answer;
    return {
      ...answer,
      WebAuthnConfiguration: {
        RelyingPartyId: settings.WebAuthnRelyingPartyID,
        UserVerification: settings.WebAuthnUserVerification ?? 'preferred',
      },
    };
  });
