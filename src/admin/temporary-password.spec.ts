import { generateTemporaryPassword } from './temporary-password';

describe('generateTemporaryPassword', () => {
  it.each([undefined, 6, 8, 16, 40, 99])('satisfies every class rule with MinimumLength %s', (minimum) => {
    for (let i = 0; i < 50; i++) {
      const password = generateTemporaryPassword({ MinimumLength: minimum });
      expect(password.length).toBeGreaterThanOrEqual(Math.max(minimum ?? 0, 16));
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
      expect(password).not.toMatch(/\s/);
    }
  });

  it('is different every time', () => {
    const passwords = new Set(Array.from({ length: 100 }, () => generateTemporaryPassword()));
    expect(passwords.size).toBe(100);
  });
});
