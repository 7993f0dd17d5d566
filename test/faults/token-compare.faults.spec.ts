import { jest } from '@jest/globals';
import * as realCrypto from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';

// Observes (and, in one test, overrides) the guard's comparison: every decision must go through
// crypto.timingSafeEqual on two SHA-256 digests, so neither the token's content nor its length can shorten it.
const compared: Array<{ left: Buffer; right: Buffer }> = [];
let forcedResult: boolean | undefined;
jest.unstable_mockModule('node:crypto', () => ({
  ...realCrypto,
  default: realCrypto,
  timingSafeEqual: (left: Buffer, right: Buffer) => {
    compared.push({ left, right });
    return forcedResult ?? realCrypto.timingSafeEqual(left, right);
  },
}));

const { HealthTokenGuard } = await import('../../src/http/health-token.guard.js');

const TOKEN = 'unit-token-4d1c8e2f9a';
const sha256 = (value: string) => realCrypto.createHash('sha256').update(value).digest();

function contextWith(authorization: string | undefined): ExecutionContext {
  const response = { setHeader: () => undefined };
  const request = { headers: authorization === undefined ? {} : { authorization } };
  return { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ExecutionContext;
}

function decide(guard: InstanceType<typeof HealthTokenGuard>, token: string): boolean {
  try {
    return guard.canActivate(contextWith(`Bearer ${token}`));
  } catch {
    return false;
  }
}

const guard = () => new HealthTokenGuard({ token: TOKEN } as ConstructorParameters<typeof HealthTokenGuard>[0]);

beforeEach(() => {
  compared.length = 0;
  forcedResult = undefined;
});

it('compares every presented token as a 32-byte digest against the digest of the secret, whatever its length', () => {
  const candidates = ['x', TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase(), 'y'.repeat(10_000), TOKEN];
  const subject = guard();
  const decisions = candidates.map((candidate) => decide(subject, candidate));
  expect(decisions).toEqual([false, false, false, false, false, true]);
  expect(compared).toHaveLength(candidates.length);
  compared.forEach(({ left, right }, index) => {
    expect(left.length).toBe(32);
    expect(right.length).toBe(32);
    expect(left.equals(sha256(candidates[index]))).toBe(true);
    expect(right.equals(sha256(TOKEN))).toBe(true);
  });
});

it('decides by timingSafeEqual alone: no other comparison can accept or refuse a token first', () => {
  const subject = guard();
  forcedResult = true;
  expect(decide(subject, 'not-the-token')).toBe(true);
  forcedResult = false;
  expect(decide(subject, TOKEN)).toBe(false);
  expect(compared).toHaveLength(2);
});
