import { describe, expect, it } from '@jest/globals';
import { outcomeFromThrown, outcomeFromValue } from '../../src/checks/check-result.js';
import { round1 } from '../../src/round.js';

const value = (returned: unknown) => outcomeFromValue(returned, 1.5, 1000);
const thrown = (reason: unknown) => outcomeFromThrown(reason, 1.5, 1000);

/** Everything an outcome carries must survive JSON and never carry a stack trace. */
function expectWellFormed(outcome: unknown): void {
  const text = JSON.stringify(outcome);
  expect(JSON.parse(text)).toEqual(expect.any(Object));
  expect(text).not.toMatch(/\bat .+:\d+:\d+/);
  expect(text).not.toContain('stack');
}

describe('normalising what a check resolves to', () => {
  it.each([
    ['undefined', undefined],
    ['true', true],
    ['null', null],
  ])('treats %s as healthy without details', (_label, returned) => {
    const outcome = value(returned);
    expect(outcome).toEqual({ state: 'healthy', latencyMs: 1.5, finishedAt: 1000 });
  });

  it('treats false as failed "check returned false", a reason the author gave', () => {
    expect(value(false)).toMatchObject({ state: 'failed', reason: 'check returned false', reasonSource: 'returned' });
  });

  it('turns a plain object into a healthy result whose keys become details', () => {
    const outcome = value({ pool_size: 10, pool_available: 8 });
    expect(outcome).toMatchObject({ state: 'healthy', details: { pool_size: 10, pool_available: 8 } });
    expect(outcome.reason).toBeUndefined();
  });

  it('treats { healthy: false } as failed, keeping the author\'s message and details', () => {
    const outcome = value({ healthy: false, message: 'replica lag too high', lag_s: 42 });
    expect(outcome).toMatchObject({ state: 'failed', reason: 'replica lag too high', reasonSource: 'returned', details: { lag_s: 42 } });
    expect(outcome.details).not.toHaveProperty('healthy');
    expect(outcome.details).not.toHaveProperty('message');
  });

  it('gives { healthy: false } without a message the reason "check returned false"', () => {
    expect(value({ healthy: false })).toMatchObject({ state: 'failed', reason: 'check returned false' });
  });

  it('treats { degraded: true } as degraded', () => {
    const outcome = value({ degraded: true, message: 'using the replica', hits: 3 });
    expect(outcome).toMatchObject({ state: 'degraded', reason: 'using the replica', details: { hits: 3 } });
  });

  it('prefers error over message and accepts a non-string error', () => {
    expect(value({ healthy: false, error: 'primary down', message: 'ignored' })).toMatchObject({ reason: 'primary down' });
    expect(value({ healthy: false, error: new Error('typed') })).toMatchObject({ reason: 'typed' });
  });

  it('keeps reserved keys out of details', () => {
    const outcome = value({ latency_ms: 9, checked_at: 'x', cached: true, failing: '1/2', healthy: true, size: 1 });
    expect(outcome.details).toEqual({ size: 1 });
  });

  it('makes BigInt, functions, Errors (without stack) and dates in details serialisable', () => {
    const outcome = value({ rows: 12345678901234567890n, fn: function probe() {}, error: undefined, last: new Error('old'), at: new Date(0) });
    expect(outcome.details).toEqual({
      rows: '12345678901234567890',
      fn: '[Function probe]',
      last: { name: 'Error', message: 'old' },
      at: '1970-01-01T00:00:00.000Z',
    });
    expectWellFormed(outcome);
  });

  it('reports a detail whose getter throws instead of failing the check', () => {
    const outcome = value({
      ok: 1,
      get broken(): number {
        throw new Error('cannot read');
      },
    });
    expect(outcome).toMatchObject({ state: 'healthy', details: { ok: 1, broken: '[getter threw: cannot read]' } });
  });

  it('keeps a non-object value as a detail', () => {
    expect(value('fine')).toMatchObject({ state: 'healthy', details: { value: 'fine' } });
    expect(value(7)).toMatchObject({ state: 'healthy', details: { value: 7 } });
  });

  it('clips a huge returned message', () => {
    const outcome = value({ healthy: false, message: 'm'.repeat(100_000) });
    expect(outcome.reason!.length).toBeLessThan(1100);
  });
});

describe('normalising what a check throws', () => {
  it('uses an Error\'s message and never its stack', () => {
    const error = new Error('connection refused');
    const outcome = thrown(error);
    expect(outcome).toEqual({ state: 'failed', reason: 'connection refused', reasonSource: 'thrown', latencyMs: 1.5, finishedAt: 1000 });
    expectWellFormed(outcome);
  });

  it('uses the Error\'s name when it has no message', () => {
    expect(thrown(new RangeError())).toMatchObject({ reason: 'RangeError' });
  });

  it.each([
    ['undefined', undefined, 'threw undefined'],
    ['null', null, 'threw null'],
    ['a string', 'ECONNRESET', 'ECONNRESET'],
    ['an empty string', '', 'threw an empty string'],
    ['a number', 42, 'threw 42'],
    ['a BigInt', 7n, 'threw 7'],
    ['a symbol', Symbol('nope'), 'threw Symbol(nope)'],
    ['an object with a message', { message: 'not an Error', code: 1 }, 'not an Error'],
    ['a plain object', { code: 'E1' }, 'threw {"code":"E1"}'],
  ])('describes a throw of %s', (_label, reason, expected) => {
    const outcome = thrown(reason);
    expect(outcome).toMatchObject({ state: 'failed', reason: expected, reasonSource: 'thrown' });
    expectWellFormed(outcome);
  });

  it('describes an object with a cycle', () => {
    const cyclic: Record<string, unknown> = { code: 'LOOP' };
    cyclic.self = cyclic;
    expect(thrown(cyclic)).toMatchObject({ reason: 'threw {"code":"LOOP","self":"[Circular]"}' });
  });

  it('describes an object whose message getter throws', () => {
    const hostile = {
      get message(): string {
        throw new Error('no');
      },
    };
    expect(thrown(hostile)).toMatchObject({ state: 'failed', reason: 'threw a value that cannot be read' });
  });

  it('describes a Proxy that throws on every access', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('get');
        },
        ownKeys() {
          throw new Error('keys');
        },
      },
    );
    expect(thrown(hostile)).toMatchObject({ state: 'failed', reason: 'threw a value that cannot be read' });
  });

  it('clips a huge thrown string', () => {
    const reason = thrown('x'.repeat(1_000_000)).reason!;
    expect(reason.length).toBeLessThan(1100);
    expect(reason).toContain('(1000000 chars)');
  });
});

describe('round1 (latency resolution)', () => {
  it('rounds to 0.1 ms', () => {
    expect(round1(2.345)).toBe(2.3);
    expect(round1(0.04)).toBe(0);
    expect(round1(12.96)).toBe(13);
  });
});
