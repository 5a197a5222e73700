import { randomBytes } from 'node:crypto';
import { N, openSslModPow } from './srp-group';

describe('modexp over 3N (the path for Node 22+, whose OpenSSL checks values of the named group N)', () => {
  function reference(base: bigint, exp: bigint): bigint {
    let result = 1n;
    for (base %= N; exp > 0n; exp >>= 1n, base = (base * base) % N)
      if (exp & 1n) result = (result * base) % N;
    return result;
  }

  it('equals base^exp mod N for random bases (residues or not) and 1- to 64-byte exponents', () => {
    const overThreeN = openSslModPow(3n * N);
    for (let i = 0; i < 60; i++) {
      const base = (BigInt(`0x${randomBytes(384).toString('hex')}`) % (N - 3n)) + 2n;
      const exp = BigInt(`0x${randomBytes(1 + (i % 64)).toString('hex')}`) || 1n;
      expect(overThreeN(base, exp)).toBe(reference(base, exp));
    }
    // 5 is a non-residue mod N, the value Node 22's check refuses
    expect(overThreeN(5n, 3n)).toBe(125n);
  });
});
