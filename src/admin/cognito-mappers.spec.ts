import { toGroup, toUser } from './cognito-mappers';

describe('toUser', () => {
  const created = new Date('2026-11-24T21:00:00Z');
  const modified = new Date('2026-11-24T21:30:00Z');

  it('maps an AdminGetUser record, with groups', () => {
    expect(
      toUser(
        {
          Username: 'alice',
          UserAttributes: [
            { Name: 'sub', Value: 'sub-1' },
            { Name: 'email', Value: 'alice@example.com' },
            { Name: 'email_verified', Value: 'false' },
          ],
          UserStatus: 'FORCE_CHANGE_PASSWORD',
          Enabled: false,
          UserCreateDate: created,
          UserLastModifiedDate: modified,
        },
        ['admin'],
      ),
    ).toEqual({
      username: 'alice',
      sub: 'sub-1',
      email: 'alice@example.com',
      emailVerified: false,
      status: 'FORCE_CHANGE_PASSWORD',
      enabled: false,
      attributes: { sub: 'sub-1', email: 'alice@example.com', email_verified: 'false' },
      groups: ['admin'],
      createdAt: '2026-11-24T21:00:00.000Z',
      updatedAt: '2026-11-24T21:30:00.000Z',
    });
  });

  it('maps a ListUsers record: no groups, no email fields when the user has no email', () => {
    const user = toUser({
      Username: 'bob',
      Attributes: [{ Name: 'sub', Value: 'sub-2' }],
      UserStatus: 'SOMETHING_NEW',
      Enabled: true,
      UserCreateDate: created,
    });
    expect(user).toEqual({
      username: 'bob',
      sub: 'sub-2',
      status: 'UNKNOWN',
      enabled: true,
      attributes: { sub: 'sub-2' },
      createdAt: '2026-11-24T21:00:00.000Z',
      updatedAt: '2026-11-24T21:00:00.000Z',
    });
  });
});

describe('toGroup', () => {
  it('keeps only the contract’s fields', () => {
    expect(
      toGroup({
        GroupName: 'editors',
        Description: 'Editors',
        Precedence: 3,
        UserPoolId: 'us-east-1_x',
        RoleArn: 'arn:aws:iam::1:role/x',
        CreationDate: new Date('2026-11-24T21:00:00Z'),
      }),
    ).toEqual({
      name: 'editors',
      description: 'Editors',
      precedence: 3,
      createdAt: '2026-11-24T21:00:00.000Z',
    });
  });
});
