import type { ListWebAuthnCredentialsRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import { MAX_PASSKEYS } from '../passkeys';
import { paginate } from './paging';

/** ListWebAuthnCredentials: the signed-in user's passkeys, oldest first, MaxResults 1..20 a page. */
export const listWebAuthnCredentials = (fx: Fidelity): Handler =>
  handler<ListWebAuthnCredentialsRequest>(async (ctx, req) => {
    const { pool, user } = await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    const max = req.MaxResults;
    if (max !== undefined && max !== null && (!Number.isInteger(max) || max < 1 || max > MAX_PASSKEYS)) {
      throw fx.errors.invalidParameter(
        `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${MAX_PASSKEYS}`,
      );
    }
    const { page, next } = paginate(
      fx.passkeys.list(pool, user),
      (p) => `${p.CreatedAt.getTime().toString().padStart(16, '0')}/${p.CredentialId}`,
      max ?? undefined,
      req.NextToken,
      fx.errors,
      MAX_PASSKEYS,
    );
    return { Credentials: page, ...(next ? { NextToken: next } : {}) };
  });
