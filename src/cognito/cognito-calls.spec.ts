import { failureName } from './cognito-calls';

const refusal = (name: string, message = '') => Object.assign(new Error(message), { name });

describe('failureName: what a failed Cognito call is counted as', () => {
  it.each([
    ['InitiateAuth', refusal('NotAuthorizedException'), 'NotAuthorizedException'],
    ['InitiateAuth', refusal('UserNotFoundException'), 'NotAuthorizedException'],
    ['InitiateAuth', refusal('UserNotConfirmedException'), 'NotAuthorizedException'],
    ['RespondToAuthChallenge', refusal('UserNotFoundException'), 'NotAuthorizedException'],
    ['ForgotPassword', refusal('UserNotFoundException'), undefined],
    [
      'ForgotPassword',
      refusal('InvalidParameterException', 'there is no registered/verified email or phone_number'),
      undefined,
    ],
    ['ForgotPassword', refusal('NotAuthorizedException', 'User is disabled.'), undefined],
    ['ForgotPassword', refusal('TooManyRequestsException'), 'TooManyRequestsException'],
    ['ConfirmForgotPassword', refusal('UserNotFoundException'), 'CodeMismatchException'],
    [
      'ConfirmForgotPassword',
      refusal('NotAuthorizedException', 'User is disabled.'),
      'CodeMismatchException',
    ],
    ['ConfirmForgotPassword', refusal('CodeMismatchException'), 'CodeMismatchException'],
    ['ConfirmForgotPassword', refusal('ExpiredCodeException'), 'ExpiredCodeException'],
    ['AdminGetUser', refusal('UserNotFoundException'), 'UserNotFoundException'],
    ['InitiateAuth', refusal('Weird-Name!'), 'Error'],
    ['InitiateAuth', new Error('socket hang up'), 'Error'],
  ])('%s failing with %p is counted as %p', (operation, error, expected) => {
    expect(failureName(operation, error)).toBe(expected);
  });
});
