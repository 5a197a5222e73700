import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';
import { PoolDescriptionCache } from './pool-description.cache';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** The admin platform's users and groups; AuthModule provides the revocation store for sign-outs. */
@Module({
  imports: [AuthModule],
  controllers: [UsersController, GroupsController],
  providers: [UsersService, GroupsService, PoolDescriptionCache],
})
export class AdminModule {}
