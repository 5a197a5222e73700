import { DomainError } from '../../common/domain-error';
import { createValidationPipe } from '../../common/validation.pipe';
import { ChangePasswordDto } from './change-password.dto';

const RULES = 'Password must be at least 10 characters and contain a number';

async function refusal(
  body: object,
  passwordRules?: () => Promise<string | undefined>,
): Promise<DomainError> {
  const pipe = createValidationPipe({ passwordRules });
  try {
    await pipe.transform(body, { metatype: ChangePasswordDto, type: 'body' });
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('the body passed validation');
}

describe('a new password too short for any pool is told the pool’s rules', () => {
  it('states the rules in its detail and message, and leaves other fields’ messages alone', async () => {
    const error = await refusal({ currentPassword: '', newPassword: 'Ab1' }, () => Promise.resolve(RULES));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([
      { field: 'currentPassword', message: 'currentPassword must be longer than or equal to 1 characters' },
      { field: 'newPassword', message: `newPassword: ${RULES}` },
    ]);
  });

  it('keeps its own message when the policy cannot be read, or for a rule the policy does not decide', async () => {
    const unread = await refusal({ currentPassword: 'x', newPassword: 'Ab1' }, () =>
      Promise.resolve(undefined),
    );
    expect(unread.details).toEqual([
      { field: 'newPassword', message: 'newPassword must be longer than or equal to 6 characters' },
    ]);
    const spaced = await refusal({ currentPassword: 'x', newPassword: ' Abcdef123' }, () =>
      Promise.resolve(RULES),
    );
    expect(spaced.details).toEqual([
      { field: 'newPassword', message: 'newPassword must not start or end with whitespace' },
    ]);
  });
});
