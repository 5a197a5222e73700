import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly } from '../auth/decorators/groups.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { ErrorCode } from '../common/error-code';
import { CreateGroupDto } from './dto/create-group.dto';
import { GroupParamsDto } from './dto/group-params.dto';
import { GroupResponseDto } from './dto/group-response.dto';
import { GroupsPageResponseDto } from './dto/groups-page-response.dto';
import { PageQueryDto } from './dto/page-query.dto';
import { UsersPageResponseDto } from './dto/users-page-response.dto';
import { GroupsService } from './groups.service';

@ApiTags('admin')
@AdminOnly()
@ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.TOO_MANY_REQUESTS, ErrorCode.UPSTREAM_UNAVAILABLE)
@Controller('admin/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  @ApiOperation({ operationId: 'listGroups', summary: 'A page of groups' })
  @ApiOkResponse({ type: GroupsPageResponseDto })
  listGroups(@Query() query: PageQueryDto): Promise<GroupsPageResponseDto> {
    return this.groups.listGroups(query);
  }

  @Post()
  @ApiOperation({ operationId: 'createGroup', summary: 'Creates a group' })
  @ApiCreatedResponse({ type: GroupResponseDto })
  @ApiErrors(ErrorCode.GROUP_EXISTS)
  createGroup(@Body() body: CreateGroupDto): Promise<GroupResponseDto> {
    return this.groups.createGroup(body);
  }

  @Delete(':group')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteGroup',
    summary: 'Deletes a group (never the admin group: 409 SELF_LOCKOUT)',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(ErrorCode.GROUP_NOT_FOUND, {
    code: ErrorCode.SELF_LOCKOUT,
    message: 'The admin group cannot be deleted: nobody could administer the platform',
  })
  async deleteGroup(@Param() params: GroupParamsDto): Promise<void> {
    await this.groups.deleteGroup(params.group);
  }

  @Get(':group/users')
  @ApiOperation({ operationId: 'listUsersInGroup', summary: 'A page of the members of a group' })
  @ApiOkResponse({ type: UsersPageResponseDto })
  @ApiErrors(ErrorCode.GROUP_NOT_FOUND)
  listUsersInGroup(
    @Param() params: GroupParamsDto,
    @Query() query: PageQueryDto,
  ): Promise<UsersPageResponseDto> {
    return this.groups.listUsersInGroup(params.group, query);
  }
}
