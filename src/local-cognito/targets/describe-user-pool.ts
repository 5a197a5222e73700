import type { DescribeUserPoolRequest, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import { DEFAULT_PASSWORD_POLICY } from '../password-policy';

/**
 * DescribeUserPool with the password policy the emulator enforces, every field present as AWS answers
 * (a pool created with part of a policy gets AWS's defaults for the rest, here as at sign-up).
 */
export const describeUserPool = (fx: Fidelity): Handler =>
  handler<DescribeUserPoolRequest>(async (ctx, req) => {
    const answer = (await fx.original('DescribeUserPool')(ctx, req as never)) as { UserPool?: UserPoolType };
    const pool = answer.UserPool ?? {};
    const PasswordPolicy = { ...DEFAULT_PASSWORD_POLICY, ...pool.Policies?.PasswordPolicy };
    return { ...answer, UserPool: { ...pool, Policies: { ...pool.Policies, PasswordPolicy } } };
  });
