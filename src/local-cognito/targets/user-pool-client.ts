import type {
  CreateUserPoolClientRequest,
  DescribeUserPoolClientRequest,
  RefreshTokenRotationType,
  UpdateUserPoolClientRequest,
  UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Context } from 'cognito-local/lib/services/context';
import { handler, type Fidelity, type Handler } from '../fidelity';
import { assertValidRotation, type LocalAppClient } from '../refresh-token-rotation';

type ClientAnswer = { UserPoolClient?: UserPoolClientType };

async function storedClient(
  fx: Fidelity,
  ctx: Context,
  answer: ClientAnswer,
): Promise<LocalAppClient | null> {
  const clientId = answer.UserPoolClient?.ClientId;
  return clientId ? fx.services.cognito.getAppClient(ctx, clientId) : null;
}

/** cognito-local's answer, with the RefreshTokenRotation it does not know about (when the client has one). */
async function withRotation(fx: Fidelity, ctx: Context, answer: ClientAnswer): Promise<ClientAnswer> {
  const rotation = (await storedClient(fx, ctx, answer))?.RefreshTokenRotation;
  return rotation ? { UserPoolClient: { ...answer.UserPoolClient, RefreshTokenRotation: rotation } } : answer;
}

/**
 * Stores the request's RefreshTokenRotation beside cognito-local's record of the app client it just
 * created or updated. An update without one keeps the stored value, as cognito-local does for every field.
 */
async function storeRotation(
  fx: Fidelity,
  ctx: Context,
  answer: ClientAnswer,
  rotation: RefreshTokenRotationType | undefined,
): Promise<void> {
  const stored = await storedClient(fx, ctx, answer);
  if (!rotation || !stored) return;
  const pool = await fx.services.cognito.getUserPool(ctx, stored.UserPoolId);
  const RefreshTokenRotation = {
    Feature: rotation.Feature,
    RetryGracePeriodSeconds: rotation.RetryGracePeriodSeconds ?? 0,
  };
  await pool.saveAppClient(ctx, { ...stored, RefreshTokenRotation } as LocalAppClient);
}

const createOrUpdate = (fx: Fidelity, target: 'CreateUserPoolClient' | 'UpdateUserPoolClient'): Handler =>
  handler<CreateUserPoolClientRequest | UpdateUserPoolClientRequest>(async (ctx, req) => {
    assertValidRotation(fx.errors, req.RefreshTokenRotation);
    const answer = (await fx.original(target)(ctx, req as never)) as ClientAnswer;
    await storeRotation(fx, ctx, answer, req.RefreshTokenRotation);
    return withRotation(fx, ctx, answer);
  });

export const createUserPoolClient = (fx: Fidelity): Handler => createOrUpdate(fx, 'CreateUserPoolClient');

export const updateUserPoolClient = (fx: Fidelity): Handler => createOrUpdate(fx, 'UpdateUserPoolClient');

export const describeUserPoolClient = (fx: Fidelity): Handler =>
  handler<DescribeUserPoolClientRequest>(async (ctx, req) =>
    withRotation(fx, ctx, (await fx.original('DescribeUserPoolClient')(ctx, req as never)) as ClientAnswer),
  );
