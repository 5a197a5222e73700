import { passwordPolicyOf, passwordRules } from './password-policy';

describe('the pool’s password policy', () => {
  it('reads DescribeUserPool’s policy; a pool described without one has AWS’s default', () => {
    expect(
      passwordPolicyOf({ Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: true } } }),
    ).toEqual({
      minimumLength: 10,
      requireUppercase: false,
      requireLowercase: false,
      requireNumbers: false,
      requireSymbols: true,
    });
    expect(passwordPolicyOf({})).toEqual({
      minimumLength: 8,
      requireUppercase: true,
      requireLowercase: true,
      requireNumbers: true,
      requireSymbols: true,
    });
  });

  it.each([
    [
      {
        minimumLength: 8,
        requireUppercase: true,
        requireLowercase: true,
        requireNumbers: true,
        requireSymbols: true,
      },
      'Password must be at least 8 characters and contain an uppercase letter, a lowercase letter, a number and a symbol',
    ],
    [
      {
        minimumLength: 12,
        requireUppercase: false,
        requireLowercase: true,
        requireNumbers: true,
        requireSymbols: false,
      },
      'Password must be at least 12 characters and contain a lowercase letter and a number',
    ],
    [
      {
        minimumLength: 6,
        requireUppercase: false,
        requireLowercase: false,
        requireNumbers: false,
        requireSymbols: false,
      },
      'Password must be at least 6 characters',
    ],
  ])('states %j as one sentence', (policy, sentence) => {
    expect(passwordRules(policy)).toBe(sentence);
  });
});
