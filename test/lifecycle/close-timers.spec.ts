import { afterEach, describe, expect, it } from '@jest/globals';
import { FixtureProcess } from '../support/fixture-process.js';

let child: FixtureProcess | undefined;
afterEach(() => child?.kill());

describe('after app.close()', () => {
  it('exits at once although a hung check run with a 6 s timeout is still outstanding', async () => {
    child = new FixtureProcess('hung-check-app.ts', {});
    const closed = await child.event('closed');
    const exit = await child.exit(5000);
    const afterCloseMs = exit.at - closed.at;
    if (process.env.LIFECYCLE_FIGURES) console.log('exit after close', afterCloseMs, 'ms');
    expect(exit.code).toBe(0);
    expect(afterCloseMs).toBeLessThan(1000);
  });
});
