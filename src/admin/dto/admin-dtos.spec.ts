import { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import { createValidationPipe } from '../../common/validation.pipe';
import { CreateGroupDto } from './create-group.dto';
import { CreateUserDto } from './create-user.dto';
import { ListUsersDto } from './list-users.dto';
import { MembershipParamsDto } from './membership-params.dto';
import { SetUserPasswordDto } from './set-user-password.dto';
import { UpdateUserDto } from './update-user.dto';

const pipe = createValidationPipe();

async function validate(
  metatype: ArgumentMetadata['metatype'],
  type: ArgumentMetadata['type'],
  value: unknown,
) {
  try {
    return { value: (await pipe.transform(value, { metatype, type })) as Record<string, unknown> };
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { error: error as DomainError };
  }
}

describe('admin DTOs through the global validation pipe', () => {
  it('turns ?limit into a number within 1..60', async () => {
    expect((await validate(ListUsersDto, 'query', { limit: '25' })).value?.limit).toBe(25);
    for (const limit of ['0', '61', '2.5', 'ten']) {
      expect((await validate(ListUsersDto, 'query', { limit })).error?.code).toBe('VALIDATION_FAILED');
    }
  });

  it('takes one filter at a time, with a clear message', async () => {
    expect((await validate(ListUsersDto, 'query', { email: 'a', limit: '5' })).value).toBeDefined();
    const { error } = await validate(ListUsersDto, 'query', { email: 'a', username: 'b' });
    expect(error?.code).toBe('VALIDATION_FAILED');
    expect(error?.message).toBe('Filter by only one of email, username or status at a time');
    expect(error?.details?.map((d) => d.field)).toEqual(['email', 'username']);
  });

  it('accepts only the named statuses', async () => {
    expect((await validate(ListUsersDto, 'query', { status: 'CONFIRMED' })).value).toBeDefined();
    expect((await validate(ListUsersDto, 'query', { status: 'confirmed' })).error).toBeDefined();
  });

  it('rejects unknown fields and non-text attribute values', async () => {
    const base = { username: 'alice', email: 'alice@example.com' };
    expect((await validate(CreateUserDto, 'body', base)).value).toBeDefined();
    expect((await validate(CreateUserDto, 'body', { ...base, role: 'x' })).error?.details?.[0].field).toBe(
      'role',
    );
    const { error } = await validate(CreateUserDto, 'body', {
      ...base,
      attributes: { email_verified: true },
    });
    expect(error?.details?.[0]).toEqual({
      field: 'attributes',
      message: 'attributes .email_verified must be a string',
    });
    expect((await validate(CreateUserDto, 'body', { ...base, groups: ['a', 'a'] })).error).toBeDefined();
    expect((await validate(CreateUserDto, 'body', { ...base, username: 'has space' })).error).toBeDefined();
  });

  it('needs at least one attribute to update', async () => {
    expect((await validate(UpdateUserDto, 'body', { attributes: {} })).error).toBeDefined();
    expect((await validate(UpdateUserDto, 'body', { attributes: { name: 'A' } })).value).toBeDefined();
  });

  it('needs permanent to be said explicitly, and never echoes the password', async () => {
    const { error } = await validate(SetUserPasswordDto, 'body', { password: 'Secret#Value9' });
    expect(error?.details?.map((d) => d.field)).toEqual(['permanent']);
    const short = await validate(SetUserPasswordDto, 'body', { password: 'Sec', permanent: true });
    expect(JSON.stringify(short.error?.details)).not.toContain('Sec"');
  });

  it('validates both path parameters of a membership and group bodies', async () => {
    expect((await validate(MembershipParamsDto, 'param', { username: 'a', group: 'b' })).value).toBeDefined();
    expect(
      (await validate(MembershipParamsDto, 'param', { username: 'a', group: 'x y' })).error,
    ).toBeDefined();
    expect((await validate(CreateGroupDto, 'body', { name: 'g', precedence: -1 })).error).toBeDefined();
  });
});
