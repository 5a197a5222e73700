import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ADMIN_GROUP, REQUIRED_GROUPS } from '../auth/decorators/groups.decorator';
import { GroupsController } from './groups.controller';
import { UsersController } from './users.controller';
import { ADMIN_OPERATION_IDS } from '../../test/support/contract';

// @nestjs/swagger's metadata keys (its constants module is not exported).
const API_OPERATION = 'swagger/apiOperation';
const API_TAGS = 'swagger/apiUseTags';

function routesOf(controller: new (...args: never[]) => object) {
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype)
    .filter((name) => name !== 'constructor')
    .map((name) => ({ name, handler: prototype[name] as () => unknown }))
    .filter(({ handler }) => Reflect.getMetadata(METHOD_METADATA, handler) !== undefined);
}

describe('admin controllers', () => {
  const reflector = new Reflector();
  const routes = [UsersController, GroupsController].flatMap((controller) =>
    routesOf(controller).map((route) => ({ ...route, controller })),
  );

  it('serve exactly the Admin table’s operations, handler name = operationId, tag admin', () => {
    expect(routes.map((r) => r.name).sort()).toEqual([...ADMIN_OPERATION_IDS].sort());
    for (const { name, handler, controller } of routes) {
      const operation = Reflect.getMetadata(API_OPERATION, handler) as { operationId: string };
      expect(operation.operationId).toBe(name);
      expect(Reflect.getMetadata(API_TAGS, controller)).toEqual(['admin']);
      expect(Reflect.getMetadata(METHOD_METADATA, handler)).toBeGreaterThanOrEqual(RequestMethod.GET);
    }
  });

  it('require the admin group on every route', () => {
    for (const { handler, controller } of routes) {
      expect(reflector.getAllAndOverride(REQUIRED_GROUPS, [handler, controller])).toEqual([ADMIN_GROUP]);
    }
  });
});
