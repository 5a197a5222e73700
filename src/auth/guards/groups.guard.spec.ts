import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../../common/domain-error';
import { AppConfig } from '../../config/app-config';
import { validateEnv } from '../../config/env.validation';
import { ADMIN_GROUP, GroupRequirement, REQUIRED_GROUPS } from '../decorators/groups.decorator';
import { GroupsGuard } from './groups.guard';

function contextFor(required: GroupRequirement[] | undefined, groups: unknown): ExecutionContext {
  const handler = () => undefined;
  if (required) Reflect.defineMetadata(REQUIRED_GROUPS, required, handler);
  const request = { user: groups === 'no-claim' ? { sub: 's' } : { sub: 's', 'cognito:groups': groups } };
  return {
    getHandler: () => handler,
    getClass: () => class Controller {},
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

describe('GroupsGuard', () => {
  const guard = new GroupsGuard(new Reflector(), new AppConfig(validateEnv({ ADMIN_GROUP: 'Admins' })));

  it.each<[string, GroupRequirement[] | undefined, unknown, boolean]>([
    ['no requirement', undefined, 'no-claim', true],
    ['admin group as an array', [ADMIN_GROUP], ['Admins'], true],
    ['admin group as one string', [ADMIN_GROUP], 'Admins', true],
    ['claim absent', [ADMIN_GROUP], 'no-claim', false],
    ['case differs (names are case-sensitive)', [ADMIN_GROUP], ['admins'], false],
    ['another group', [ADMIN_GROUP], ['users'], false],
    ['one of several', ['editors', 'Admins'], ['editors'], true],
    ['malformed claim', [ADMIN_GROUP], { Admins: true }, false],
  ])('%s → %s', (_name, required, groups, allowed) => {
    const context = contextFor(required, groups);
    if (allowed) {
      expect(guard.canActivate(context)).toBe(true);
    } else {
      expect(() => guard.canActivate(context)).toThrow(DomainError);
      try {
        guard.canActivate(context);
      } catch (error) {
        expect((error as DomainError).code).toBe('FORBIDDEN');
      }
    }
  });
});
