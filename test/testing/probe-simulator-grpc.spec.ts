import { ProbeSimulator, type ContainerProbes } from 'nestjs-health/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../support/throwaway-port.js';
import { CheckSwitches, startGrpcApp, switchedChecks, type RunningGrpcApp } from '../grpc/support/grpc-app.js';

// 5 s periods become 100 ms
const SCALE = 0.02;
const grpcProbe = (service: string | undefined, extra: object = {}) => ({
  grpc: { port: 50051, ...(service === undefined ? {} : { service }) },
  periodSeconds: 5,
  timeoutSeconds: 10,
  failureThreshold: 2,
  ...extra,
});

const MANIFEST = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: heroes }
spec:
  template:
    spec:
      containers:
        - name: heroes
          image: heroes
          ports: [{ name: grpc, containerPort: 50051 }]
          startupProbe: { grpc: { port: 50051, service: startup }, periodSeconds: 2, failureThreshold: 30 }
          livenessProbe: { grpc: { port: 50051, service: liveness }, periodSeconds: 10 }
          readinessProbe: { grpc: { port: 50051 }, periodSeconds: 5 }
`;

const switches = new CheckSwitches();
let app: RunningGrpcApp;
const simulators: ProbeSimulator[] = [];

function simulate(probes: ContainerProbes, address = app.address): ProbeSimulator {
  const simulator = new ProbeSimulator({ grpcAddress: address, probes, timeScale: SCALE });
  simulators.push(simulator);
  return simulator.start();
}

beforeAll(async () => {
  app = await startGrpcApp({
    providers: [switchedChecks(switches, { database: {}, heartbeat: { probes: ['live'] }, slow: { probes: [], timeout: 2000 } })],
    health: { grpc: { services: { 'hero.HeroService': ['database'], 'hero.SlowService': ['slow'] } } },
  });
});

afterAll(() => app?.close());

afterEach(async () => {
  await Promise.allSettled(simulators.splice(0).map((simulator) => simulator.stop()));
  for (const name of ['database', 'heartbeat']) switches.set(name, true);
});

describe('ProbeSimulator with grpc probes', () => {
  it('reads grpc probes from a manifest: port and service, "" when service is unset', async () => {
    const simulator = await ProbeSimulator.fromManifest(MANIFEST, { grpcAddress: '127.0.0.1:1', timeScale: 0.1 });
    expect(simulator.probes.map(({ kind, action, grpc, periodMs }) => ({ kind, action, grpc, periodMs }))).toEqual([
      { kind: 'startup', action: 'grpc', grpc: { port: 50051, service: 'startup' }, periodMs: 200 },
      { kind: 'liveness', action: 'grpc', grpc: { port: 50051, service: 'liveness' }, periodMs: 1000 },
      { kind: 'readiness', action: 'grpc', grpc: { port: 50051, service: '' }, periodMs: 500 },
    ]);
    expect(simulator.warnings).toEqual([]);
  });

  it('warns on a liveness grpc probe without service: it would probe readiness and restart pods on an outage', () => {
    const simulator = new ProbeSimulator({ grpcAddress: '127.0.0.1:1', probes: { livenessProbe: grpcProbe(undefined), readinessProbe: grpcProbe(undefined) } });
    expect(simulator.warnings).toEqual([
      'ProbeSimulator: livenessProbe is a grpc probe without service, so the kubelet sends "" and gets readiness: a dependency outage would restart the pod. Add service: liveness',
    ]);
  });

  it('refuses what Kubernetes refuses: a named port, two actions; and asks for an address to probe', () => {
    const make = (options: object) => () => new ProbeSimulator({ probes: {}, ...options });
    expect(make({ grpcAddress: '127.0.0.1:1', probes: { livenessProbe: { grpc: { port: 'grpc' } } } })).toThrow(
      'ProbeSimulator: livenessProbe.grpc.port must be a port number (1-65535), got "grpc"; Kubernetes takes numeric ports only for grpc probes, not a named port',
    );
    expect(make({ grpcAddress: '127.0.0.1:1', probes: { livenessProbe: { grpc: { port: 1 }, httpGet: { path: '/' } } } })).toThrow(
      'ProbeSimulator: livenessProbe has both httpGet and grpc; Kubernetes allows one action per probe, so keep one of them',
    );
    expect(make({ probes: { readinessProbe: grpcProbe('') } })).toThrow('ProbeSimulator: readinessProbe is a grpc probe, so the simulator needs grpcAddress');
    expect(make({ grpcAddress: 'localhost', probes: { readinessProbe: grpcProbe('') } })).toThrow('ProbeSimulator: grpcAddress must be "host:port"');
  });

  it('succeeds on SERVING and fails on NOT_SERVING, in the kubelet’s words', async () => {
    const simulator = simulate({ readinessProbe: grpcProbe('hero.HeroService') });
    await simulator.waitFor('ready', { after: 0, timeoutMs: 5000 });
    switches.set('database', false);
    const unready = await simulator.waitFor('unready', { timeoutMs: 5000 });
    expect(unready.reason).toBe('service unhealthy (responded with "NOT_SERVING")');
    switches.set('database', true);
    await simulator.waitFor('ready', { timeoutMs: 5000 });
  });

  it('fails on an unknown service (NOT_FOUND), as the kubelet does', async () => {
    const simulator = simulate({ readinessProbe: grpcProbe('hero.Villain', { failureThreshold: 1 }) });
    await sleep(300);
    expect(simulator.ready).toBe(false);
    expect(simulator.attempts.at(-1)?.reason).toBe('error: health rpc probe failed: rpc error: code = NOT_FOUND desc = unknown service "hero.Villain"');
  });

  it('fails on a deadline miss and on a port nobody listens on', async () => {
    switches.delays.set('slow', 1000);
    const slow = simulate({ readinessProbe: grpcProbe('hero.SlowService', { timeoutSeconds: 5, failureThreshold: 1 }) });
    await sleep(400);
    expect(slow.ready).toBe(false);
    expect(slow.attempts.at(-1)?.reason).toBe('timeout: health rpc did not complete within 100 ms');
    const port = await freePort();
    const refused = simulate({ readinessProbe: grpcProbe('', { timeoutSeconds: 5, failureThreshold: 1 }) }, `127.0.0.1:${port}`);
    await sleep(400);
    expect(refused.ready).toBe(false);
    expect(refused.attempts.at(-1)?.reason).toBe(`timeout: failed to connect service "127.0.0.1:${port}" within 100 ms`);
  });

  it('restarts the container when liveness over gRPC reaches failureThreshold', async () => {
    const simulator = simulate({ livenessProbe: grpcProbe('liveness') });
    await sleep(250);
    expect(simulator.restarts).toBe(0);
    switches.set('heartbeat', false);
    const restart = await simulator.waitFor('restart', { timeoutMs: 5000 });
    expect(restart).toMatchObject({ probe: 'liveness', reason: 'service unhealthy (responded with "NOT_SERVING")' });
  });
});
