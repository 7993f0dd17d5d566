import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ProbeSimulator } from 'nestjs-health/testing';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { validateWorkerEnvironment } from '../src/worker/worker-environment.js';
import { probesOf, sampleDeploymentForSuite } from './support/manifest.js';

const K8S_DIR = new URL('../k8s/', import.meta.url);
// stand-ins for what the manifest takes from Secrets and cluster DNS
const SECRETS = { DATABASE_URL: 'postgres://notes@postgres:5432/notes' };

describe('the worker’s manifest, sample-app/k8s/worker-deployment.yaml', () => {
  const manifest = sampleDeploymentForSuite('worker-deployment.yaml');

  it('is valid against the Kubernetes schema', () => {
    expect(() => new Deployment(manifest.deployment).validate()).not.toThrow();
  });

  it('runs the worker’s own entry point', () => {
    expect(manifest.container.command).toEqual(['node', 'sample-app/dist/worker/main.js']);
    expect(existsSync(new URL('../src/worker/main.ts', import.meta.url))).toBe(true);
  });

  it('probes the probe server: every probe on the named port that is HEALTH_PORT, the worker’s only listening port', () => {
    const env = validateWorkerEnvironment({ ...manifest.literalEnv, ...SECRETS });
    expect(manifest.container.ports).toEqual([{ name: 'probes', containerPort: env.HEALTH_PORT }]);
    expect(probesOf(manifest.container).map((probe) => probe.httpGet)).toEqual([
      { path: '/health/startup', port: 'probes' },
      { path: '/health/live', port: 'probes' },
      { path: '/health/ready', port: 'probes' },
    ]);
  });

  it('keeps the probe port out of every Service: the probes never reach an ingress', async () => {
    const files = (await readdir(K8S_DIR)).filter((file) => /\.ya?ml$/.test(file));
    const services = [];
    for (const file of files) {
      for (const document of parseAllDocuments(await readFile(new URL(file, K8S_DIR), 'utf8'))) {
        const manifest = document.toJS();
        if (manifest?.kind === 'Service') services.push(manifest);
      }
    }
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) {
      expect(service.spec.selector).not.toEqual(manifest.deployment.spec.template.metadata.labels);
      expect(service.spec.ports.map((port: any) => port.targetPort)).not.toContain('probes');
    }
  });

  it('gives every check less time than any probe waits, and the worker no drain: a consumer has no endpoints to leave', () => {
    const env = validateWorkerEnvironment({ ...manifest.literalEnv, ...SECRETS });
    for (const probe of probesOf(manifest.container)) expect(env.CHECK_TIMEOUT_MS).toBeLessThan((probe.timeoutSeconds ?? 1) * 1000);
    expect(env.DRAIN_MS).toBeUndefined();
    // a stuck consumer is restarted well before a stalled job's lock would expire many times over
    expect(env.JOB_STUCK_AFTER_MS).toBeGreaterThan(manifest.container.livenessProbe.periodSeconds * 1000);
  });

  it('takes HEALTH_TOKEN and DATABASE_URL from Secrets, never from literals', () => {
    for (const name of ['HEALTH_TOKEN', 'DATABASE_URL']) {
      const entry = manifest.container.env.find((e: any) => e.name === name);
      expect(entry.value).toBeUndefined();
      expect(entry.valueFrom.secretKeyRef).toEqual({ name: expect.any(String), key: expect.any(String) });
    }
  });

  it('passes the simulator’s review', async () => {
    const simulator = await ProbeSimulator.fromManifest(manifest.text, { baseUrl: 'http://127.0.0.1:1' });
    expect(simulator.probes.map((probe) => `${probe.kind} ${probe.action} ${probe.path}`)).toEqual([
      'startup httpGet /health/startup',
      'liveness httpGet /health/live',
      'readiness httpGet /health/ready',
    ]);
    expect(simulator.warnings).toEqual([]);
  });
});
