import type { InitiateAuthCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { AuthFlow } from '../config/app-config';
import { CognitoSettings } from './cognito-settings';
import { SignInTransport } from './sign-in-transport';
import { SrpClient } from './srp';

/** USER_PASSWORD_AUTH: one InitiateAuth; USER_SRP_AUTH: see srpSignIn. */
export function initiateSignIn(
  transport: SignInTransport,
  settings: CognitoSettings,
  flow: AuthFlow,
  username: string,
  password: string,
): Promise<InitiateAuthCommandOutput> {
  if (flow === 'USER_SRP_AUTH') return srpSignIn(transport, settings, username, password);
  return transport.initiateAuth({
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: settings.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password, ...secretHashParameter(settings, username) },
  });
}

/**
 * USER_SRP_AUTH: InitiateAuth, then PASSWORD_VERIFIER answered with the fast SRP client (its modexps
 * on a worker thread). Any other first answer (a challenge, tokens) is returned as it is.
 */
async function srpSignIn(
  transport: SignInTransport,
  settings: CognitoSettings,
  username: string,
  password: string,
): Promise<InitiateAuthCommandOutput> {
  const srp = await SrpClient.create();
  const start = await transport.initiateAuth({
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: settings.clientId,
    AuthParameters: { USERNAME: username, SRP_A: srp.srpA, ...secretHashParameter(settings, username) },
  });
  if (start.ChallengeName !== 'PASSWORD_VERIFIER') return start;
  const parameters = start.ChallengeParameters ?? {};
  const userIdForSrp = parameters.USER_ID_FOR_SRP ?? username;
  const secretBlock = parameters.SECRET_BLOCK ?? '';
  const claim = await srp.passwordClaim({
    userPoolId: settings.userPoolId,
    userIdForSrp,
    password,
    srpB: parameters.SRP_B ?? '',
    salt: parameters.SALT ?? '',
    secretBlock,
  });
  return transport.respondToAuthChallenge({
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: settings.clientId,
    Session: start.Session,
    ChallengeResponses: {
      USERNAME: userIdForSrp,
      PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
      PASSWORD_CLAIM_SIGNATURE: claim.signature,
      TIMESTAMP: claim.timestamp,
      ...secretHashParameter(settings, userIdForSrp),
    },
  });
}

/** `{ SECRET_HASH }` for AuthParameters or ChallengeResponses, empty for an app client without a secret. */
export function secretHashParameter(settings: CognitoSettings, username: string): { SECRET_HASH?: string } {
  const hash = settings.secretHashOf(username);
  return hash === undefined ? {} : { SECRET_HASH: hash };
}
