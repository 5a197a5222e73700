import type { SignUpRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import type { LocalUser } from '../local-user';

/** SignUp: the password must satisfy the policy; the confirmation code's sending time kept for its expiry. */
export const signUp = (fx: Fidelity): Handler =>
  handler<SignUpRequest>(async (ctx, req) => {
    const { pool } = await fx.auth.clientAndPool(ctx, req.ClientId);
    fx.auth.assertPasswordPolicy(pool, req.Password ?? '');
    const answer = await fx.original('SignUp')(ctx, req as never);
    const user = await pool.getUserByUsername(ctx, req.Username ?? '');
    if (user?.ConfirmationCode) {
      await pool.saveUser(ctx, { ...user, ConfirmationCodeSentAt: fx.nowMs() } as LocalUser);
    }
    return answer;
  });
