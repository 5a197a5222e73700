import type { SignUpRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';

/** SignUp: the password must satisfy the policy. */
export const signUp = (fx: Fidelity): Handler =>
  handler<SignUpRequest>(async (ctx, req) => {
    const { pool } = await fx.auth.clientAndPool(ctx, req.ClientId);
    fx.auth.assertPasswordPolicy(pool, req.Password ?? '');
    return fx.original('SignUp')(ctx, req as never);
  });
