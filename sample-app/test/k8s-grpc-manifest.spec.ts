import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ProbeSimulator } from 'nestjs-health/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvironment } from '../src/config/environment.js';
import { grpcPortFromEnv } from '../src/grpc/grpc-server-options.js';
import { startGrpcSample, type RunningGrpcSample } from './support/grpc-sample.js';
import { probesOf, sampleDeploymentForSuite } from './support/manifest.js';

const BOOT_MS = 60_000;

describe('the gRPC flavour’s manifest, sample-app/k8s/grpc-deployment.yaml', () => {
  const manifest = sampleDeploymentForSuite('grpc-deployment.yaml');

  it('is valid against the Kubernetes schema, which checks grpc probes too', () => {
    expect(() => new Deployment(manifest.deployment).validate()).not.toThrow();
    const named = structuredClone(manifest.deployment);
    named.spec.template.spec.containers[0].livenessProbe.grpc.port = 'grpc';
    expect(() => new Deployment(named).validate()).toThrow(/livenessProbe\/grpc\/port must be integer/);
  });

  it('probes with grpc on the numeric port the app listens on, liveness and startup by service name', () => {
    const port = grpcPortFromEnv(manifest.literalEnv);
    expect(manifest.container.ports).toEqual([{ name: 'grpc', containerPort: port }]);
    expect(probesOf(manifest.container).map((probe) => probe.grpc)).toEqual([
      { port, service: 'startup' },
      { port, service: 'liveness' },
      { port },
    ]);
    // listening on loopback only would leave the kubelet, which connects to the pod IP, nothing to probe
    expect(validateEnvironment(manifest.literalEnv).HOST).toBe('0.0.0.0');
  });

  it('gives every check less time than any probe waits, and the pod more grace than the drain', () => {
    const env = validateEnvironment(manifest.literalEnv);
    for (const probe of probesOf(manifest.container)) expect(env.CHECK_TIMEOUT_MS).toBeLessThan((probe.timeoutSeconds ?? 1) * 1000);
    expect(manifest.deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(env.DRAIN_MS! / 1000);
  });

  it('passes the simulator’s review: no liveness probe that would ask for readiness', async () => {
    const simulator = await ProbeSimulator.fromManifest(manifest.text, { grpcAddress: '127.0.0.1:1' });
    expect(simulator.probes.map((probe) => probe.action)).toEqual(['grpc', 'grpc', 'grpc']);
    expect(simulator.warnings).toEqual([]);
  });

  describe('against the gRPC flavour booted with the manifest’s environment', () => {
    let sample: RunningGrpcSample;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'notes-grpc-data-'));
      // cluster addresses (REDIS_URL) and the database secret stay out; loopback instead of every interface
      const { REDIS_URL: _clusterRedis, ...env } = manifest.literalEnv;
      sample = await startGrpcSample({ ...env, DATA_PATH: dataDir });
    }, BOOT_MS);

    afterAll(async () => {
      await sample?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('starts and turns ready under the kubelet rules of every probe of the Deployment, without a restart', async () => {
      // a tenth of the real timings: the default 1 s timeout becomes 100 ms, room for a fresh connection per probe
      const simulator = (await ProbeSimulator.fromManifest(manifest.text, { grpcAddress: sample.address, timeScale: 0.1 })).start();
      try {
        await simulator.waitFor('started', { after: 0, timeoutMs: 20_000 });
        await simulator.waitFor('ready', { after: 0, timeoutMs: 20_000 });
        expect(simulator.restarts).toBe(0);
        expect(simulator.attempts.map((attempt) => attempt.probe)).toEqual(expect.arrayContaining(['startup', 'readiness']));
      } finally {
        await simulator.stop();
      }
    });
  });
});
