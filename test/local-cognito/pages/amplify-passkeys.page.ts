// A frontend's passkey code as Amplify v6 documents it, bundled for the browser by the spec beside it.
import { Amplify } from 'aws-amplify';
import {
  associateWebAuthnCredential,
  deleteWebAuthnCredential,
  fetchAuthSession,
  getCurrentUser,
  listWebAuthnCredentials,
  signIn,
  signOut,
} from 'aws-amplify/auth';

export interface JourneyInput {
  userPoolId: string;
  clientId: string;
  endpoint: string;
  username: string;
  password: string;
}

async function passkeyJourney(input: JourneyInput) {
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: input.userPoolId,
        userPoolClientId: input.clientId,
        userPoolEndpoint: input.endpoint,
      },
    },
  });
  const withPassword = await signIn({ username: input.username, password: input.password });
  await associateWebAuthnCredential();
  const registered = await listWebAuthnCredentials();
  await signOut();

  const withPasskey = await signIn({
    username: input.username,
    options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' },
  });
  const user = await getCurrentUser();
  const session = await fetchAuthSession();
  const credentialId = registered.credentials[0]?.credentialId ?? '';
  await deleteWebAuthnCredential({ credentialId });
  const afterDelete = await listWebAuthnCredentials();
  await signOut();
  return {
    withPassword: withPassword.nextStep.signInStep,
    registered: registered.credentials.map((c) => ({
      credentialId: c.credentialId,
      relyingPartyId: c.relyingPartyId,
      friendlyCredentialName: c.friendlyCredentialName,
    })),
    withPasskey: withPasskey.nextStep.signInStep,
    signedInAs: user.username,
    accessTokenSub: session.tokens?.accessToken.payload.sub,
    afterDelete: afterDelete.credentials.length,
  };
}

Object.assign(globalThis, { passkeyJourney });
