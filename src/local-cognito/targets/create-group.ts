import type { CreateGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';

/** CreateGroup on an existing group → GroupExistsException (cognito-local would overwrite it and drop its members). */
export const createGroup = (fx: Fidelity): Handler =>
  handler<CreateGroupRequest>(async (ctx, req) => {
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    if (!req.GroupName) throw fx.errors.invalidParameter('Missing required parameter GroupName');
    if (await pool.getGroupByGroupName(ctx, req.GroupName)) {
      throw fx.errors.make('GroupExistsException', 'A group with the name already exists.');
    }
    return fx.original('CreateGroup')(ctx, req as never);
  });
