import type { Fidelity, Handler } from '../fidelity';
import { withAccessTokenCheck } from './access-token.guard';
import { adminCreateUser } from './admin-create-user';
import { adminDeleteUser } from './admin-delete-user';
import { adminDisableUser } from './admin-disable-user';
import { adminInitiateAuth } from './admin-initiate-auth';
import { adminResetUserPassword } from './admin-reset-user-password';
import { adminUserGlobalSignOut } from './admin-user-global-sign-out';
import { completeWebAuthnRegistration } from './complete-webauthn-registration';
import { createGroup } from './create-group';
import { deleteUser } from './delete-user';
import { deleteWebAuthnCredential } from './delete-webauthn-credential';
import { describeUserPool } from './describe-user-pool';
import { forgotPassword } from './forgot-password';
import { getUserAttributeVerificationCode } from './get-user-attribute-verification-code';
import { getUserPoolMfaConfig } from './get-user-pool-mfa-config';
import { globalSignOut } from './global-sign-out';
import { initiateAuth } from './initiate-auth';
import { listGroups } from './list-groups';
import { listUsersInGroup } from './list-users-in-group';
import { listUsers } from './list-users';
import { listWebAuthnCredentials } from './list-webauthn-credentials';
import { adminSetUserPassword } from './admin-set-user-password';
import { changePassword } from './change-password';
import { confirmForgotPassword } from './confirm-forgot-password';
import { confirmSignUp } from './confirm-sign-up';
import { setUserPoolMfaConfig } from './set-user-pool-mfa-config';
import { signUp } from './sign-up';
import { startWebAuthnRegistration } from './start-webauthn-registration';
import { respondToAuthChallenge } from './respond-to-auth-challenge';
import { revokeToken } from './revoke-token';
import { associateSoftwareToken } from './associate-software-token';
import { updateUserAttributes } from './update-user-attributes';
import { verifySoftwareToken } from './verify-software-token';
import { getTokensFromRefreshToken } from './get-tokens-from-refresh-token';
import { createUserPoolClient, describeUserPoolClient, updateUserPoolClient } from './user-pool-client';
import { verifyUserAttribute } from './verify-user-attribute';

/** cognito-local targets that take an AccessToken and only need Cognito's token checks in front. */
const ACCESS_TOKEN_TARGETS = ['GetUser', 'SetUserMFAPreference', 'DeleteUserAttributes'];

/** Our targets, consulted before cognito-local's Router. */
export function fidelityTargets(fx: Fidelity): Record<string, Handler> {
  const respond = respondToAuthChallenge(fx);
  const targets: Record<string, Handler> = {
    InitiateAuth: initiateAuth(fx),
    AdminInitiateAuth: adminInitiateAuth(fx),
    RespondToAuthChallenge: respond,
    AdminRespondToAuthChallenge: respond,
    GlobalSignOut: globalSignOut(fx),
    AdminUserGlobalSignOut: adminUserGlobalSignOut(fx),
    RevokeToken: revokeToken(fx),
    AdminDisableUser: adminDisableUser(fx),
    AdminResetUserPassword: adminResetUserPassword(fx),
    AdminCreateUser: adminCreateUser(fx),
    AdminDeleteUser: adminDeleteUser(fx),
    AdminSetUserPassword: adminSetUserPassword(fx),
    ChangePassword: changePassword(fx),
    ForgotPassword: forgotPassword(fx),
    ConfirmForgotPassword: confirmForgotPassword(fx),
    SignUp: signUp(fx),
    ConfirmSignUp: confirmSignUp(fx),
    CreateGroup: createGroup(fx),
    ListUsers: listUsers(fx),
    ListGroups: listGroups(fx),
    ListUsersInGroup: listUsersInGroup(fx),
    AssociateSoftwareToken: associateSoftwareToken(fx),
    VerifySoftwareToken: verifySoftwareToken(fx),
    GetTokensFromRefreshToken: getTokensFromRefreshToken(fx),
    CreateUserPoolClient: createUserPoolClient(fx),
    UpdateUserPoolClient: updateUserPoolClient(fx),
    DescribeUserPoolClient: describeUserPoolClient(fx),
    UpdateUserAttributes: updateUserAttributes(fx),
    GetUserAttributeVerificationCode: getUserAttributeVerificationCode(fx),
    VerifyUserAttribute: verifyUserAttribute(fx),
    DeleteUser: deleteUser(fx),
    DescribeUserPool: describeUserPool(fx),
    GetUserPoolMfaConfig: getUserPoolMfaConfig(fx),
    SetUserPoolMfaConfig: setUserPoolMfaConfig(fx),
    StartWebAuthnRegistration: startWebAuthnRegistration(fx),
    CompleteWebAuthnRegistration: completeWebAuthnRegistration(fx),
    ListWebAuthnCredentials: listWebAuthnCredentials(fx),
    DeleteWebAuthnCredential: deleteWebAuthnCredential(fx),
  };
  for (const target of ACCESS_TOKEN_TARGETS) targets[target] = withAccessTokenCheck(fx, target);
  return targets;
}
