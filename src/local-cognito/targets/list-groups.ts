import type { ListGroupsRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import { asDate, paginate } from './paging';

/** ListGroups with Limit (≤ 60) and an opaque NextToken. */
export const listGroups = (fx: Fidelity): Handler =>
  handler<ListGroupsRequest>(async (ctx, req) => {
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    const groups = await pool.listGroups(ctx);
    const { page, next } = paginate(groups, (g) => g.GroupName, req.Limit, req.NextToken, fx.errors);
    return {
      Groups: page.map((g) => ({
        GroupName: g.GroupName,
        UserPoolId: pool.options.Id,
        Description: g.Description,
        Precedence: g.Precedence,
        RoleArn: g.RoleArn,
        CreationDate: asDate(g.CreationDate),
        LastModifiedDate: asDate(g.LastModifiedDate),
      })),
      ...(next ? { NextToken: next } : {}),
    };
  });
