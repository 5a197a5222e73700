import { DomainError } from '../common/domain-error';
import { UserPoolSchema } from './user-pool-schema';

function detailsOf(run: () => void): { field: string; message: string }[] | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return (error as DomainError).details;
  }
}

describe('UserPoolSchema', () => {
  const schema = new UserPoolSchema([
    { Name: 'sub', Mutable: false },
    { Name: 'email', Mutable: true },
    { Name: 'email_verified', Mutable: true },
    { Name: 'name', Mutable: true },
    { Name: 'custom:tenant', Mutable: false },
  ]);

  it('accepts attributes the pool has', () => {
    expect(detailsOf(() => schema.check({ name: 'A', email_verified: 'true' }, 'create'))).toBeUndefined();
    expect(detailsOf(() => schema.check({ email: 'a@example.com' }, 'update'))).toBeUndefined();
  });

  it('refuses attributes the pool lacks, naming each one', () => {
    expect(detailsOf(() => schema.check({ 'custom:x': '1', nickname: 'n', name: 'ok' }, 'update'))).toEqual([
      { field: 'attributes.custom:x', message: 'custom:x is not an attribute of this user pool' },
      { field: 'attributes.nickname', message: 'nickname is not an attribute of this user pool' },
    ]);
  });

  it('sets immutable attributes at creation only, and never sub', () => {
    expect(detailsOf(() => schema.check({ 'custom:tenant': 'acme' }, 'create'))).toBeUndefined();
    expect(detailsOf(() => schema.check({ 'custom:tenant': 'acme' }, 'update'))?.[0].field).toBe(
      'attributes.custom:tenant',
    );
    expect(detailsOf(() => schema.check({ sub: 'x' }, 'create'))?.[0].message).toMatch(/assigned/);
  });

  it('keeps email in its own field at creation', () => {
    expect(detailsOf(() => schema.check({ email: 'a@example.com' }, 'create'))?.[0].message).toMatch(
      /own field/,
    );
  });

  it('falls back to the standard attributes when the pool lists none', () => {
    const standard = new UserPoolSchema(undefined);
    expect(detailsOf(() => standard.check({ given_name: 'A', locale: 'en' }, 'update'))).toBeUndefined();
    expect(detailsOf(() => standard.check({ 'custom:tenant': 'acme' }, 'update'))).toHaveLength(1);
  });
});
