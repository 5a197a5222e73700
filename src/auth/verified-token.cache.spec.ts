import { VerifiedTokenCache } from './verified-token.cache';

describe('VerifiedTokenCache', () => {
  let now = 1_000_000;
  const clock = () => now;

  beforeEach(() => (now = 1_000_000));

  it('returns the claims of a token it holds, and nothing for another token', () => {
    const cache = new VerifiedTokenCache<{ sub: string }>(10, clock);
    cache.set('token-a', { sub: 'a' }, now / 1000 + 60);
    expect(cache.get('token-a')).toEqual({ sub: 'a' });
    expect(cache.get('token-a-but-edited')).toBeUndefined();
  });

  it('never serves a token past its exp', () => {
    const cache = new VerifiedTokenCache<{ sub: string }>(10, clock);
    cache.set('t', { sub: 'a' }, now / 1000 + 60);
    now += 59_999;
    expect(cache.get('t')).toBeDefined();
    now += 1;
    expect(cache.get('t')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not store an already expired token', () => {
    const cache = new VerifiedTokenCache<{ sub: string }>(10, clock);
    cache.set('t', { sub: 'a' }, now / 1000 - 1);
    expect(cache.size).toBe(0);
  });

  it('is bounded and evicts the least recently used entry', () => {
    const cache = new VerifiedTokenCache<number>(3, clock);
    const exp = now / 1000 + 60;
    cache.set('1', 1, exp);
    cache.set('2', 2, exp);
    cache.set('3', 3, exp);
    expect(cache.get('1')).toBe(1); // 1 is now the most recent
    cache.set('4', 4, exp);
    expect(cache.size).toBe(3);
    expect(cache.get('2')).toBeUndefined();
    expect([cache.get('1'), cache.get('3'), cache.get('4')]).toEqual([1, 3, 4]);
  });
});
