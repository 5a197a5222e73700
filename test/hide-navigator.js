/**
 * Jest setup file. identity-js's BigInteger (jsbn) picks its multiply by the presence of a global
 * `navigator`, which Node defines from version 21: with one, it takes the variant that calls Math.floor
 * in its inner loop, and inside Jest's vm context every such global lookup is slow, so one g^a of its
 * SRP takes ~4.5 s instead of ~0.1 s (Node 24). Without `navigator`, as on Node 20, it takes the
 * integer-only variant; the two compute the same numbers.
 */
Object.defineProperty(globalThis, 'navigator', { value: undefined, configurable: true, writable: true });
