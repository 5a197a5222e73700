import type { ChangePasswordRequest } from '@aws-sdk/client-cognito-identity-provider';
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
