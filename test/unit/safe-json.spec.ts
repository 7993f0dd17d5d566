import { describe, expect, it } from '@jest/globals';
import { toSafeJson } from '../../src/checks/safe-json.js';

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(toSafeJson(value))) as unknown;

describe('toSafeJson', () => {
  it('keeps plain JSON as it is', () => {
    const plain = { a: 1, b: 'two', c: [true, null, { d: 4.5 }] };
    expect(toSafeJson(plain)).toEqual(plain);
  });

  it('turns BigInt, symbols, functions, non-finite numbers and dates into strings', () => {
    expect(
      toSafeJson({ big: 2n ** 70n, sym: Symbol('s'), anon: (() => () => {})(), nan: NaN, inf: -Infinity, bad: new Date(NaN) }),
    ).toEqual({ big: '1180591620717411303424', sym: 'Symbol(s)', anon: '[Function anonymous]', nan: 'NaN', inf: '-Infinity', bad: 'Invalid Date' });
  });

  it('drops undefined properties and turns undefined array items into null, as JSON does', () => {
    expect(toSafeJson({ gone: undefined, list: [undefined, 1] })).toEqual({ list: [null, 1] });
  });

  it('marks cycles, also through arrays, Maps and Sets', () => {
    const node: Record<string, unknown> = { name: 'root' };
    node.children = [node];
    node.index = new Map<string, unknown>([['me', node]]);
    node.set = new Set([node]);
    expect(toSafeJson(node)).toEqual({ name: 'root', children: ['[Circular]'], index: { me: '[Circular]' }, set: ['[Circular]'] });
  });

  it('repeats a shared (non-cyclic) reference', () => {
    const shared = { x: 1 };
    expect(toSafeJson({ a: shared, b: shared })).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it('copies an Error as name and message only, without its stack or own properties', () => {
    const error = Object.assign(new TypeError('bad'), { secret: 'hunter2' });
    const copy = toSafeJson({ error });
    expect(copy).toEqual({ error: { name: 'TypeError', message: 'bad' } });
    expect(JSON.stringify(copy)).not.toContain('hunter2');
  });

  it('clips huge strings, arrays and objects', () => {
    const copy = toSafeJson({
      text: 'y'.repeat(50_000),
      list: Array.from({ length: 10_000 }, (_, i) => i),
      wide: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])),
    }) as { text: string; list: unknown[]; wide: Record<string, unknown> };
    expect(copy.text).toHaveLength(1000 + '… (50000 chars)'.length);
    expect(copy.list).toHaveLength(51);
    expect(copy.list[50]).toBe('… 9950 more');
    expect(Object.keys(copy.wide)).toHaveLength(51);
    expect(copy.wide['…']).toBe('450 more keys');
  });

  it('clips key names like values, and keeps a "__proto__" key as an own key', () => {
    const copy = toSafeJson({ ['k'.repeat(100_000)]: 1, ...JSON.parse('{"__proto__": {"admin": true}}') }) as Record<string, unknown>;
    const keys = Object.keys(copy);
    expect(keys.every((key) => key.length < 200)).toBe(true);
    expect(keys).toContain('__proto__');
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(JSON.stringify(copy)).toContain('"__proto__":{"admin":true}');
  });

  it('stops at a depth limit', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    expect(JSON.stringify(toSafeJson(deep))).toContain('"[Object]"');
  });

  it('bounds the copy of a small graph of shared references that would expand without limit', () => {
    // 7 arrays of 50 references to the next: 50^6 leaves if copied naively
    let level: unknown[] = [1];
    for (let i = 0; i < 6; i++) level = Array.from({ length: 50 }, () => level);
    const started = performance.now();
    const text = JSON.stringify(toSafeJson(level));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(text.length).toBeLessThan(100_000);
    expect(text).toContain('[truncated]');
  });

  it('reports a getter that throws, and an object that cannot be listed', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys for you');
        },
      },
    );
    expect(
      roundTrip({
        get broken(): string {
          throw 'plain string';
        },
        hostile,
      }),
    ).toEqual({ broken: '[getter threw: plain string]', hostile: '[unreadable: no keys for you]' });
  });
});
