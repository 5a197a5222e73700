import { UserStatus } from './dto/user-response.dto';
import { escapeFilterValue, listUsersFilter } from './user-filter';

describe('listUsersFilter', () => {
  it.each<[string, Parameters<typeof listUsersFilter>[0], string | undefined]>([
    ['no filter', {}, undefined],
    ['email prefix', { email: 'alice@' }, 'email ^= "alice@"'],
    ['username prefix', { username: 'ali' }, 'username ^= "ali"'],
    ['status, exact', { status: UserStatus.RESET_REQUIRED }, 'cognito:user_status = "RESET_REQUIRED"'],
    ['a quote', { username: 'a"b' }, 'username ^= "a\\"b"'],
    ['a backslash', { email: 'a\\b' }, 'email ^= "a\\\\b"'],
    ['a trailing backslash cannot eat the closing quote', { email: 'x\\' }, 'email ^= "x\\\\"'],
    [
      'an injection attempt stays one value',
      { email: '" or username ^= "' },
      'email ^= "\\" or username ^= \\""',
    ],
  ])('%s', (_name, filter, expected) => {
    expect(listUsersFilter(filter)).toBe(expected);
  });

  it('leaves no unescaped quote inside the value', () => {
    for (const value of ['"', '\\"', '\\\\"', '"\\', 'a"b"c']) {
      const inner = escapeFilterValue(value);
      // Every quote is preceded by an odd number of backslashes.
      for (const match of inner.matchAll(/(\\*)"/g)) expect(match[1].length % 2).toBe(1);
      // Undoing the escaping gives the value back.
      expect(inner.replace(/\\(.)/g, '$1')).toBe(value);
    }
  });
});
