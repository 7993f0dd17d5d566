import { setTimeout as sleep } from 'node:timers/promises';
import { CheckSwitches, startGrpcApp, switchedChecks, type RunningGrpcApp } from './support/grpc-app.js';
import type { Watcher } from './support/health-client.js';

let running: RunningGrpcApp;

beforeAll(async () => {
  running = await startGrpcApp({ providers: [switchedChecks(new CheckSwitches(), { database: {} })] });
});

afterAll(() => running?.close());

/** Opens `count` Watch streams and waits until each has either its first message or its end. */
async function open(names: (i: number) => string, count: number): Promise<Watcher[]> {
  const watchers = Array.from({ length: count }, (_, i) => running.health.watch(names(i)));
  const deadline = Date.now() + 20_000;
  while (watchers.some((watcher) => watcher.messages.length === 0 && !watcher.end)) {
    if (Date.now() > deadline) throw new Error('Watch streams did not settle within 20 s');
    await sleep(20);
  }
  return watchers;
}

const refused = (watchers: Watcher[]) => watchers.filter((watcher) => watcher.end?.codeName === 'RESOURCE_EXHAUSTED');
const openOnes = (watchers: Watcher[]) => watchers.filter((watcher) => !watcher.end);

async function cancelAll(watchers: Watcher[]): Promise<void> {
  for (const watcher of watchers) watcher.cancel();
  await Promise.all(watchers.map((watcher) => watcher.ended));
  // the server hears of each cancellation a moment after the client
  await sleep(200);
}

describe('grpc.health.v1 under hostile clients', () => {
  it('holds at most 1000 Watch streams and answers the rest RESOURCE_EXHAUSTED, naming the cap', async () => {
    const watchers = await open((i) => (i % 2 ? '' : 'liveness'), 1500);
    expect(openOnes(watchers)).toHaveLength(1000);
    expect(refused(watchers)).toHaveLength(500);
    expect(refused(watchers)[0].end?.details).toBe('too many Watch streams: at most 1000 at once on this server (grpc.maxWatchStreams)');
    await cancelAll(watchers);
    // the streams that went were counted out: the full capacity is there again
    const again = await open(() => '', 1000);
    expect(openOnes(again)).toHaveLength(1000);
    await cancelAll(again);
  });

  it('holds at most 100 Watch streams on unknown names, so typos cannot crowd out real watchers', async () => {
    const unknown = await open((i) => `hostile.Service${i}`, 2000);
    expect(unknown.filter((watcher) => watcher.statuses[0] === 'SERVICE_UNKNOWN' && !watcher.end)).toHaveLength(100);
    expect(refused(unknown)).toHaveLength(1900);
    expect(refused(unknown)[0].end?.details).toBe('too many Watch streams on unknown service names: at most 100 at once');
    const known = await open(() => 'readiness', 10);
    expect(known.map((watcher) => watcher.statuses[0])).toEqual(Array(10).fill('SERVING'));
    await cancelAll([...unknown, ...known]);
  });

  it('answers NOT_FOUND to Checks on thousands of distinct unknown names, and keeps serving', async () => {
    const answers = await Promise.all(Array.from({ length: 2000 }, (_, i) => running.health.check(`hostile.Check${i}`)));
    expect(new Set(answers)).toEqual(new Set(['error NOT_FOUND']));
    expect(await running.health.check('')).toBe('SERVING');
  });

  it('refuses a very long name on Watch with INVALID_ARGUMENT, before it counts or is kept', async () => {
    const [watcher] = await open(() => 'x'.repeat(100_000), 1);
    expect(watcher.end).toMatchObject({ codeName: 'INVALID_ARGUMENT', details: 'service name longer than 256 bytes' });
  });
});

describe('grpc.maxWatchStreams', () => {
  it('sets the cap per server', async () => {
    const small = await startGrpcApp({ health: { grpc: { maxWatchStreams: 3 } } });
    try {
      const watchers = Array.from({ length: 5 }, () => small.health.watch('liveness'));
      await sleep(300);
      expect(openOnes(watchers)).toHaveLength(3);
      expect(refused(watchers)[0].end?.details).toBe('too many Watch streams: at most 3 at once on this server (grpc.maxWatchStreams)');
    } finally {
      await small.close();
    }
  });
});
