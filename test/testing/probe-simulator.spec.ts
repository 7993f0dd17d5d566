import { createHook } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProbeSimulator, readContainerProbes, type ContainerProbes, type ProbeSpec } from 'nestjs-health/testing';
import { startScriptedServer, type ScriptedServer } from './scripted-server.js';

// 5 s Kubernetes periods and timeouts become 100 ms: fast, yet well above scheduling noise on a loaded machine
const SCALE = 0.02;
const probe = (path: string, extra: ProbeSpec = {}): ProbeSpec => ({
  httpGet: { path, port: 'http' },
  periodSeconds: 5,
  timeoutSeconds: 5,
  ...extra,
});

let server: ScriptedServer;
const simulators: ProbeSimulator[] = [];

function simulate(probes: ContainerProbes, onRestart?: () => void | Promise<void>): ProbeSimulator {
  const simulator = new ProbeSimulator({ baseUrl: server.url, probes, timeScale: SCALE, onRestart });
  simulators.push(simulator);
  return simulator.start();
}

beforeEach(async () => {
  server = await startScriptedServer();
  server.answer('/live', 200);
  server.answer('/ready', 200);
  server.answer('/startup', 200);
});

afterEach(async () => {
  await Promise.allSettled(simulators.splice(0).map((simulator) => simulator.stop()));
  await server.close();
});

describe('ProbeSimulator specs', () => {
  const manifest = `
apiVersion: v1
kind: Service
metadata: { name: notes }
spec: { ports: [{ port: 80 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: notes }
spec:
  template:
    spec:
      containers:
        - name: sidecar
          image: envoy
        - name: api
          image: notes
          startupProbe: { httpGet: { path: /health/startup, port: http }, periodSeconds: 2, failureThreshold: 30 }
          livenessProbe: { httpGet: { path: /health/live, port: http, httpHeaders: [{ name: X-Probe, value: live }] } }
          readinessProbe: { httpGet: { path: health/ready, port: http }, periodSeconds: 5, successThreshold: 2 }
`;

  it('reads the probes of the first container that declares any from a multi-document YAML manifest', async () => {
    const probes = await readContainerProbes(manifest);
    expect(probes.startupProbe?.httpGet?.path).toBe('/health/startup');
    expect(probes.readinessProbe?.successThreshold).toBe(2);
    await expect(readContainerProbes(manifest, 'sidecar')).resolves.toEqual({});
  });

  it("applies Kubernetes' defaults and scales every timing by timeScale", async () => {
    const simulator = await ProbeSimulator.fromManifest(manifest, { baseUrl: 'http://127.0.0.1:1', timeScale: 0.1 });
    const byKind = Object.fromEntries(simulator.probes.map((resolved) => [resolved.kind, resolved]));
    expect(byKind.startup).toMatchObject({ periodMs: 200, timeoutMs: 100, failureThreshold: 30, initialDelayMs: 0 });
    expect(byKind.liveness).toMatchObject({ path: '/health/live', periodMs: 1000, timeoutMs: 100, successThreshold: 1, failureThreshold: 3 });
    expect(byKind.liveness.headers).toEqual({ 'X-Probe': 'live' });
    expect(byKind.readiness).toMatchObject({ path: '/health/ready', periodMs: 500, successThreshold: 2 });
  });

  it('refuses what the Kubernetes API server would refuse, naming the field', () => {
    const make = (probes: ContainerProbes, timeScale = 1) => () => new ProbeSimulator({ baseUrl: 'http://127.0.0.1:1', probes, timeScale });
    expect(make({ livenessProbe: probe('/live', { successThreshold: 2 }) })).toThrow(
      'livenessProbe.successThreshold must be 1 for liveness and startup probes, got 2',
    );
    expect(make({ readinessProbe: probe('/ready', { periodSeconds: 0 }) })).toThrow('readinessProbe.periodSeconds must be an integer >= 1, got 0');
    expect(make({ startupProbe: { periodSeconds: 1 } })).toThrow('startupProbe has no httpGet or grpc action');
    expect(make({}, 0)).toThrow('timeScale must be a positive number');
    expect(() => new ProbeSimulator({ baseUrl: 'localhost:3000', probes: {} })).toThrow('baseUrl must be an absolute http(s) URL');
  });

  it('names the containers when the requested one is missing', async () => {
    await expect(readContainerProbes(manifest, 'web')).rejects.toThrow('no container named "web" (containers: sidecar, api)');
    await expect(readContainerProbes({ kind: 'Service', spec: {} })).rejects.toThrow('no workload with a pod template (found Service)');
  });
});

describe('ProbeSimulator against a real HTTP server', () => {
  it('keeps liveness and readiness waiting until the startup probe passes, then probes readiness at once', async () => {
    server.answer('/startup', 503);
    const simulator = simulate({
      startupProbe: probe('/startup', { failureThreshold: 50 }),
      livenessProbe: probe('/live'),
      readinessProbe: probe('/ready', { periodSeconds: 50 }),
    });
    await sleep(350);
    expect(server.hits('/startup').length).toBeGreaterThanOrEqual(2);
    expect(server.hits('/live')).toHaveLength(0);
    expect(server.hits('/ready')).toHaveLength(0);
    server.answer('/startup', 200);
    const started = await simulator.waitFor('started', { after: 0, timeoutMs: 2000 });
    const ready = await simulator.waitFor('ready', { after: 0, timeoutMs: 2000 });
    // a 1 s (scaled) readiness period would leave the pod unready that long; the kubelet probes at once instead
    expect(ready.elapsedMs - started.elapsedMs).toBeLessThan(500);
    expect(server.hits('/startup')[server.hits('/startup').length - 1]).toBeLessThan(server.hits('/ready')[0]);
    expect(simulator.events.map((event) => event.type)).toEqual(['started', 'ready']);
  });

  it('sends what the kubelet sends: GET on a fresh connection, kube-probe user agent, the manifest headers', async () => {
    const simulator = simulate({ readinessProbe: { ...probe('/ready'), httpGet: { path: '/ready', httpHeaders: [{ name: 'X-Probe', value: 'k8s' }] } } });
    await simulator.waitFor('ready', { after: 0, timeoutMs: 2000 });
    expect(server.lastHeaders('/ready')).toMatchObject({ 'user-agent': expect.stringMatching(/^kube-probe\//), accept: '*/*', connection: 'close', 'x-probe': 'k8s' });
  });

  it('counts 200-399 as success and 400 and above as failure', async () => {
    server.answer('/ready', 302);
    const simulator = simulate({ readinessProbe: probe('/ready', { failureThreshold: 1 }) });
    await simulator.waitFor('ready', { after: 0, timeoutMs: 2000 });
    server.answer('/ready', 399);
    await sleep(250);
    expect(simulator.ready).toBe(true);
    server.answer('/ready', 400);
    const unready = await simulator.waitFor('unready', { timeoutMs: 2000 });
    expect(unready.reason).toBe('HTTP probe failed with statuscode: 400');
  });

  it('marks the pod unready after exactly failureThreshold failures and ready after successThreshold successes', async () => {
    const simulator = simulate({ readinessProbe: probe('/ready', { failureThreshold: 3, successThreshold: 2 }) });
    await simulator.waitFor('ready', { after: 0, timeoutMs: 2000 });
    server.answer('/ready', 503);
    const from = simulator.attempts.length;
    await simulator.waitFor('unready', { timeoutMs: 2000 });
    const failures = simulator.attempts.slice(from).filter((attempt) => !attempt.success);
    expect(failures).toHaveLength(3);
    server.answer('/ready', 200);
    const back = simulator.attempts.length;
    await simulator.waitFor('ready', { timeoutMs: 2000 });
    expect(simulator.attempts.slice(back).filter((attempt) => attempt.success)).toHaveLength(2);
    expect(simulator.restarts).toBe(0);
  });

  it('treats an answer slower than timeoutSeconds as a failure, and a refused connection too', async () => {
    const simulator = simulate({ readinessProbe: probe('/ready', { failureThreshold: 2 }) });
    await simulator.waitFor('ready', { after: 0, timeoutMs: 2000 });
    server.answer('/ready', { status: 200, delayMs: 400 });
    const unready = await simulator.waitFor('unready', { timeoutMs: 3000 });
    expect(unready.reason).toMatch(/no answer within the 100 ms timeout/);
    const timedOut = simulator.attempts.filter((attempt) => !attempt.success);
    // given up at the 100 ms timeout, well before the 400 ms answer
    for (const attempt of timedOut) expect(attempt.durationMs).toBeLessThan(300);

    const closed = new ProbeSimulator({ baseUrl: 'http://127.0.0.1:1', probes: { readinessProbe: probe('/ready') }, timeScale: SCALE });
    simulators.push(closed.start());
    await sleep(250);
    expect(closed.ready).toBe(false);
    expect(closed.attempts[0]).toMatchObject({ success: false, reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('restarts the container when liveness reaches failureThreshold, then probes the new one from startup', async () => {
    let restarts = 0;
    const simulator = simulate(
      { startupProbe: probe('/startup'), livenessProbe: probe('/live', { failureThreshold: 2 }), readinessProbe: probe('/ready') },
      async () => {
        restarts++;
        await sleep(50);
        server.answer('/live', 200);
      },
    );
    await simulator.waitFor('ready', { after: 0, timeoutMs: 2000 });
    server.answer('/live', 500);
    const restart = await simulator.waitFor('restart', { timeoutMs: 2000 });
    expect(restart).toMatchObject({ probe: 'liveness', container: 0, reason: 'HTTP probe failed with statuscode: 500' });
    const again = await simulator.waitFor('ready', { timeoutMs: 2000 });
    expect(again.container).toBe(1);
    expect(restarts).toBe(1);
    expect(simulator.events.map((event) => `${event.type}:${event.container}`)).toEqual([
      'started:0',
      'ready:0',
      'restart:0',
      'unready:0',
      'started:1',
      'ready:1',
    ]);
    // exactly failureThreshold liveness failures caused it
    expect(simulator.attempts.filter((attempt) => attempt.probe === 'liveness' && !attempt.success)).toHaveLength(2);
  });

  it('restarts a container whose startup probe never passes within failureThreshold', async () => {
    server.answer('/startup', 503);
    const simulator = simulate({ startupProbe: probe('/startup', { failureThreshold: 3 }), readinessProbe: probe('/ready') });
    const restart = await simulator.waitFor('restart', { timeoutMs: 2000 });
    expect(restart).toMatchObject({ probe: 'startup', container: 0 });
    expect(server.hits('/ready')).toHaveLength(0);
  });

  it('waits initialDelaySeconds after the container starts before the first probe', async () => {
    const simulator = simulate({ livenessProbe: probe('/live', { initialDelaySeconds: 15, periodSeconds: 1 }) });
    await sleep(200);
    expect(server.hits('/live')).toHaveLength(0);
    await sleep(300);
    expect(server.hits('/live').length).toBeGreaterThanOrEqual(1);
    expect(simulator.events).toHaveLength(0);
  });

  it('probes once at container start and then once per scaled period', async () => {
    simulate({ livenessProbe: probe('/live') });
    await sleep(1050);
    const hits = server.hits('/live');
    // 1 s at a 100 ms period: 11 ticks; a busy machine may drop a few, never add any
    expect(hits.length).toBeGreaterThanOrEqual(7);
    expect(hits.length).toBeLessThanOrEqual(12);
    const gaps = hits.slice(1).map((at, index) => at - hits[index]);
    const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
    // scaled (100 ms), not the spec's 5 s; the upper margin is for a busy event loop
    expect(mean).toBeGreaterThan(85);
    expect(mean).toBeLessThan(160);
  });

  it('leaves no timer or socket behind after stop(), even with a probe in flight and a wait pending', async () => {
    // every timer and TCP handle the simulator creates, until Node reports it destroyed
    const live = new Map<number, string>();
    const hook = createHook({
      init(id, type) {
        const stack = new Error().stack ?? '';
        if ((type === 'Timeout' || type === 'TCPWRAP') && stack.includes('/src/testing/')) live.set(id, type);
      },
      destroy(id) {
        live.delete(id);
      },
    }).enable();
    try {
      server.answer('/live', { status: 200, delayMs: 5000 });
      const probes = { livenessProbe: probe('/live', { timeoutSeconds: 10 }), readinessProbe: probe('/ready') };
      const simulator = new ProbeSimulator({ baseUrl: server.url, probes, timeScale: 1 }).start();
      const waiting = simulator.waitFor('restart', { timeoutMs: 60_000 });
      await sleep(100);
      expect(server.hits('/live')).toHaveLength(1);
      expect([...live.values()]).toEqual(expect.arrayContaining(['Timeout', 'TCPWRAP']));
      await simulator.stop();
      await expect(waiting).rejects.toThrow('stopped while waiting for a restart event');
      await expect(simulator.waitFor('ready')).rejects.toThrow('the simulator is not running; call start() first');
      // destroy hooks are delivered asynchronously
      for (let attempt = 0; attempt < 50 && live.size > 0; attempt++) await sleep(10);
      expect([...live.values()]).toEqual([]);
    } finally {
      hook.disable();
    }
  });
});
