import { Module } from '@nestjs/common';
import { CognitoModule } from '../cognito/cognito.module';
import { RevocationModule } from '../revocation/revocation.module';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** The admin platform's users and groups; an admin sign-out writes to the revocation list. */
@Module({
  imports: [CognitoModule, RevocationModule],
  controllers: [UsersController, GroupsController],
  providers: [UsersService, GroupsService],
})
export class AdminModule {}
