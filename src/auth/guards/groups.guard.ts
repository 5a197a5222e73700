import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../../common/domain-error';
import { ErrorCode } from '../../common/error-code';
import { AppConfig } from '../../config/app-config';
import { groupsOf } from '../access-token-claims';
import { ADMIN_GROUP, GroupRequirement, REQUIRED_GROUPS } from '../decorators/groups.decorator';
import { AuthenticatedRequest } from './jwt.guard';

/** Runs after JwtGuard: the caller's `cognito:groups` must contain one of the route's groups. */
@Injectable()
export class GroupsGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<GroupRequirement[] | undefined>(REQUIRED_GROUPS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) return true;
    const { user } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const names = required.map((group) => (group === ADMIN_GROUP ? this.config.adminGroup : group));
    const mine = user ? groupsOf(user) : [];
    if (names.some((name) => mine.includes(name))) return true;
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `This route requires membership of the group ${names.map((name) => `"${name}"`).join(' or ')}`,
    );
  }
}
