import { describe, expect, it } from '@jest/globals';
import { HealthIndicatorService } from '@nestjs/terminus';
import { fromTerminus, type TerminusIndicatorResult } from '../../src/terminus/index.js';

const indicators = new HealthIndicatorService();

/** A terminus call that never settles, counting how often it was made. */
function hungCall() {
  let calls = 0;
  return {
    call: () => {
      calls += 1;
      return new Promise<TerminusIndicatorResult>(() => undefined);
    },
    get calls() {
      return calls;
    },
  };
}

describe('fromTerminus and the check’s signal', () => {
  it('abandons a hung call as soon as the signal aborts, rejecting with the abort reason', async () => {
    const hung = hungCall();
    const controller = new AbortController();
    const startedAt = performance.now();
    const run = fromTerminus(hung.call, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('timed out after 40 ms')), 40);
    await expect(run).rejects.toThrow('timed out after 40 ms');
    const elapsed = performance.now() - startedAt;
    console.log(`a hung terminus call was abandoned ${elapsed.toFixed(1)} ms after the run started (abort at 40 ms)`);
    expect(elapsed).toBeGreaterThanOrEqual(35);
    expect(elapsed).toBeLessThan(1000);
    expect(hung.calls).toBe(1);
  });

  it('keeps waiting on the check\'s timeout (a TimeoutError), so the hung call stays the one run outstanding', async () => {
    let settle!: (value: unknown) => void;
    const call = () => new Promise((resolve) => (settle = resolve));
    const controller = new AbortController();
    const result = fromTerminus(call as never, { signal: controller.signal });
    controller.abort(Object.assign(new Error('timed out after 40 ms'), { name: 'TimeoutError' }));
    let settled = false;
    void result.then(() => (settled = true), () => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    settle({ database: { status: 'up' } });
    await expect(result).resolves.toEqual({});
  });

  it('does not start the call when the signal has already aborted', async () => {
    const hung = hungCall();
    await expect(fromTerminus(hung.call, { signal: AbortSignal.abort(new Error('shutting down')) })).rejects.toThrow('shutting down');
    expect(hung.calls).toBe(0);
  });

  it('does not read a HealthCheckError-shaped abort reason as a terminus result', async () => {
    const reason = Object.assign(new Error('aborted'), { causes: { db: { status: 'down', message: 'not this' } } });
    const controller = new AbortController();
    const run = fromTerminus(hungCall().call, controller);
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
  });

  it('answers as usual when the signal never aborts', async () => {
    const controller = new AbortController();
    await expect(fromTerminus(() => indicators.check('db').up({ ok: 1 }), { signal: controller.signal })).resolves.toEqual({ ok: 1 });
  });

  it('takes the check’s ctx as it is', async () => {
    const ctx = { probe: 'ready' as const, signal: new AbortController().signal };
    await expect(fromTerminus(() => indicators.check('db').up(), ctx)).resolves.toEqual({});
  });
});

describe('fromTerminus refuses misuse with a sentence', () => {
  it('refuses a first argument that is neither a call nor a pending result', async () => {
    const result = indicators.check('db').up();
    await expect(fromTerminus(result as never)).rejects.toThrow(
      /^fromTerminus: the first argument must be a terminus indicator call, as in fromTerminus\(\(\) => this\.db\.pingCheck\('database'\), ctx\); got \{"db":\{"status":"up"\}\}$/,
    );
  });

  it('refuses options that are not an object, unknown keys and a signal that is not an AbortSignal', async () => {
    const call = () => indicators.check('db').up();
    await expect(fromTerminus(call, 500 as never)).rejects.toThrow("fromTerminus: the second argument must be the check's ctx or { signal }");
    await expect(fromTerminus(call, { signal: undefined, timeout: 500 } as never)).rejects.toThrow(
      'fromTerminus: unknown option "timeout"; pass the check\'s ctx or { signal }',
    );
    await expect(fromTerminus(call, { signal: 'soon' } as never)).rejects.toThrow(
      'fromTerminus: signal must be an AbortSignal (the check\'s ctx.signal), got "soon"',
    );
  });

  it('turns a call that throws synchronously into a rejection', async () => {
    const thrown = new Error('indicator constructor failed');
    await expect(
      fromTerminus(() => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
  });
});
