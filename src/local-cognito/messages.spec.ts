import { describeMessage } from './messages';

describe('local Cognito messages say what Cognito would have sent, and where', () => {
  it.each([
    [
      {
        operation: 'AdminCreateUser',
        username: 'bob',
        medium: 'EMAIL',
        destination: 'bob@example.com',
        code: 'T#1',
      },
      'temporary password for bob, by email to b***@e***: T#1',
    ],
    [
      {
        operation: 'ForgotPassword',
        username: 'ann',
        medium: 'EMAIL',
        destination: 'ann@corp.io',
        code: '123456',
      },
      'password reset code for ann, by email to a***@c***: 123456',
    ],
    [
      {
        operation: 'Authentication',
        username: 'cy',
        medium: 'SMS',
        destination: '+15550001234',
        code: '654321',
      },
      'sign-in code for cy, by SMS to +*******1234: 654321',
    ],
    [
      {
        operation: 'Authentication',
        username: 'eve',
        medium: 'EMAIL',
        destination: 'eve@example.com',
        code: '12345678',
      },
      'sign-in code for eve, by email to e***@e***: 12345678',
    ],
    [
      {
        operation: 'PasswordlessInvitation',
        username: 'fay',
        medium: 'EMAIL',
        destination: 'fay@example.com',
        code: '',
      },
      'invitation (no password: sign in with a code) for fay, by email to f***@e***',
    ],
    [
      { operation: 'VerifyUserAttribute', username: 'di', code: '111111' },
      'verification code for di, by email: 111111',
    ],
    [
      {
        operation: 'UpdateUserAttribute',
        username: 'ed',
        medium: 'EMAIL',
        destination: 'ed.new@example.org',
        code: '222222',
      },
      'verification code for ed, by email to e***@e***: 222222',
    ],
  ])('%j', (message, line) => {
    expect(describeMessage(message)).toBe(line);
  });
});
