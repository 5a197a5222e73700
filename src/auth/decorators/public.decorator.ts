import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'isPublic';
/** Marks the OpenAPI operation so the document shows it without bearer security. */
export const PUBLIC_EXTENSION = 'x-public';

/** Opts a route out of the global JwtGuard; every other route needs a bearer access token. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));
