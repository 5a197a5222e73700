import type { ListUsersInGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { User } from 'cognito-local/lib/services/userPoolService';
import { handler, type Fidelity, type Handler } from '../fidelity';
import { paginate, userSummary } from './paging';

/** ListUsersInGroup with Limit (≤ 60) and an opaque NextToken. */
export const listUsersInGroup = (fx: Fidelity): Handler =>
  handler<ListUsersInGroupRequest>(async (ctx, req) => {
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    const group = await pool.getGroupByGroupName(ctx, req.GroupName ?? '');
    if (!group) throw fx.errors.make('ResourceNotFoundException', 'Group not found.');
    const users: User[] = [];
    for (const username of group.members ?? []) {
      const user = await pool.getUserByUsername(ctx, username);
      if (user) users.push(user);
    }
    const { page, next } = paginate(users, (u) => u.Username, req.Limit, req.NextToken, fx.errors);
    return { Users: page.map((u) => userSummary(u)), ...(next ? { NextToken: next } : {}) };
  });
