import { describe, expect, it } from '@jest/globals';
import { resolveStaticOptions, type HealthStaticOptions } from '../../src/health-static-options.js';
import { isMounted } from '../../src/http/health-routes.js';
import { resolvePort, resolveServerOptions } from '../../src/server/probe-server-options.js';

const server = (value: unknown) => resolveStaticOptions({ server: value } as HealthStaticOptions).server;

describe('server option', () => {
  it('applies the design defaults, with the heartbeat tick of min(50, readyStallMs / 5)', () => {
    expect(server({ port: 9000 })).toEqual({
      port: 9000,
      host: undefined,
      thread: false,
      stallMs: 10_000,
      readyStallMs: 1_000,
      answerWithinMs: 200,
      tickMs: 50,
      metrics: false,
      mountOnApp: [],
    });
    expect(server({ thread: true, readyStallMs: 100, stallMs: 1000 })).toMatchObject({ tickMs: 20, readyStallMs: 100 });
    expect(server({ thread: true, readyStallMs: false })).toMatchObject({ tickMs: 50, readyStallMs: false });
    expect(server(undefined)).toBeUndefined();
  });

  it.each([
    ['not an object', 9000, 'HealthModule: server must be an object such as { port: 9000 }, got 9000'],
    ['an unknown key', { port: 9000, prot: 1 }, 'HealthModule: unknown option "server.prot"; the keys of server are port, host, thread, stallMs, readyStallMs, answerWithinMs, metrics, mountOnApp'],
    ['a port out of range', { port: 70_000 }, 'HealthModule: server.port must be a TCP port number from 0 to 65535, got 70000'],
    ['a port as a string', { port: '9000' }, 'HealthModule: server.port must be a TCP port number from 0 to 65535, got "9000"'],
    ['an empty host', { host: '' }, 'HealthModule: server.host must be a non-empty string, got ""'],
    ['thread not a boolean', { thread: 'yes' }, 'HealthModule: server.thread must be a boolean, got "yes"'],
    ['metrics not a boolean', { metrics: 1 }, 'HealthModule: server.metrics must be a boolean, got 1'],
    ['a negative stallMs', { thread: true, stallMs: -1 }, 'HealthModule: server.stallMs must be a positive number of ms, got -1'],
    ['readyStallMs true', { thread: true, readyStallMs: true }, 'HealthModule: server.readyStallMs must be a positive number of ms, got true'],
    ['answerWithinMs of a second', { thread: true, answerWithinMs: 1000 }, 'HealthModule: server.answerWithinMs must be below 1000 ms (the kubelet gives a probe 1 s by default), got 1000'],
    ['answerWithinMs NaN', { thread: true, answerWithinMs: Number.NaN }, 'HealthModule: server.answerWithinMs must be a positive number of ms, got NaN'],
    [
      'readyStallMs not below stallMs',
      { thread: true, readyStallMs: 5000, stallMs: 5000 },
      'HealthModule: server durations must grow: heartbeat tick (50 ms) < readyStallMs (5000 ms) < stallMs (5000 ms); raise server.stallMs or lower server.readyStallMs',
    ],
    [
      'stallMs below the tick',
      { thread: true, readyStallMs: false, stallMs: 40 },
      'HealthModule: server durations must grow: heartbeat tick (50 ms) < readyStallMs (false) < stallMs (40 ms); raise server.stallMs or lower server.readyStallMs',
    ],
    ['a thread-mode duration without thread', { port: 1, stallMs: 20_000 }, 'HealthModule: server.stallMs applies to the worker-thread mode only; set server.thread: true, or remove server.stallMs'],
    ['deep in mountOnApp', { mountOnApp: ['ready', 'deep'] }, 'HealthModule: server.mountOnApp takes live, ready and startup only; the deep route is placed by deep.guards (with guards it stays on the app, without them it is served on the probe server)'],
    ['an unknown probe in mountOnApp', { mountOnApp: ['readyz'] }, 'HealthModule: server.mountOnApp must list only live, ready, startup, got ["readyz"]'],
    ['mountOnApp not an array', { mountOnApp: 'ready' }, 'HealthModule: server.mountOnApp must be an array of live, ready, startup, got "ready"'],
  ])('refuses %s with a sentence naming the option', (_, value, message) => {
    expect(() => server(value)).toThrow(message);
  });

  it('reads the port from HEALTH_PORT when server.port is unset, and requires one of the two', () => {
    const options = resolveServerOptions({})!;
    expect(resolvePort(options, { HEALTH_PORT: '9100' })).toBe(9100);
    expect(resolvePort(resolveServerOptions({ port: 9000 })!, { HEALTH_PORT: '9100' })).toBe(9000);
    expect(() => resolvePort(options, {})).toThrow(
      'HealthModule: server is set but no port is given: set server.port (e.g. 9000) or the HEALTH_PORT environment variable',
    );
    for (const bad of ['nine', '-1', '65536', '9000.5']) {
      expect(() => resolvePort(options, { HEALTH_PORT: bad })).toThrow(
        `HealthModule: HEALTH_PORT must be a TCP port number from 0 to 65535, got "${bad}"; fix the environment variable or set server.port`,
      );
    }
  });
});

describe('isMounted with the probe server', () => {
  const mounted = (options: HealthStaticOptions) => {
    const resolved = resolveStaticOptions(options);
    return (['live', 'ready', 'startup', 'deep'] as const).filter((probe) => isMounted(resolved, probe));
  };
  class Guard {
    canActivate() {
      return true;
    }
  }

  it('moves every probe off the app, keeping those in mountOnApp, and deep only behind its guards', () => {
    expect(mounted({})).toEqual(['live', 'ready', 'startup']);
    expect(mounted({ server: { port: 9000 } })).toEqual([]);
    expect(mounted({ server: { port: 9000, mountOnApp: ['ready'] } })).toEqual(['ready']);
    expect(mounted({ server: { port: 9000 }, deep: { public: true } })).toEqual([]);
    expect(mounted({ server: { port: 9000 }, deep: { guards: [Guard] } })).toEqual(['deep']);
    expect(mounted({ deep: { public: true } })).toEqual(['live', 'ready', 'startup', 'deep']);
  });
});
