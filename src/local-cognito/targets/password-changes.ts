import type {
  AdminSetUserPasswordRequest,
  ChangePasswordRequest,
  ConfirmForgotPasswordRequest,
  SignUpRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';

/** ChangePassword: access token checked; a wrong current password is "Incorrect username or password." as on AWS. */
export const changePassword = (fx: Fidelity): Handler =>
  handler<ChangePasswordRequest>(async (ctx, req) => {
    const { pool, user } = await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    if (req.PreviousPassword !== user.Password) throw fx.errors.incorrectCredentials();
    fx.auth.assertPasswordPolicy(pool, req.ProposedPassword ?? '');
    await pool.saveUser(ctx, {
      ...user,
      Password: req.ProposedPassword ?? '',
      UserLastModifiedDate: new Date(fx.nowMs()),
    });
    return {};
  });

/** ConfirmForgotPassword: the new password must satisfy the policy. */
export const confirmForgotPassword = (fx: Fidelity): Handler =>
  handler<ConfirmForgotPasswordRequest>(async (ctx, req) => {
    const { pool } = await fx.auth.clientAndPool(ctx, req.ClientId);
    fx.auth.assertPasswordPolicy(pool, req.Password ?? '');
    return fx.original('ConfirmForgotPassword')(ctx, req as never);
  });

/** AdminSetUserPassword: the password must satisfy the policy. */
export const adminSetUserPassword = (fx: Fidelity): Handler =>
  handler<AdminSetUserPasswordRequest>(async (ctx, req) => {
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    fx.auth.assertPasswordPolicy(pool, req.Password ?? '');
    return fx.original('AdminSetUserPassword')(ctx, req as never);
  });

/** SignUp: the password must satisfy the policy. */
export const signUp = (fx: Fidelity): Handler =>
  handler<SignUpRequest>(async (ctx, req) => {
    const { pool } = await fx.auth.clientAndPool(ctx, req.ClientId);
    fx.auth.assertPasswordPolicy(pool, req.Password ?? '');
    return fx.original('SignUp')(ctx, req as never);
  });
