import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { validateEnvironment } from '../src/config/environment.js';
import { startSample, type RunningSample } from './support/sample-app.js';

const K8S_DIR = new URL('../k8s/', import.meta.url);
const BOOT_MS = 60_000;

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: any };

// every kind the folder may hold, validated against the Kubernetes schema of its apiVersion
const VALIDATORS: Record<string, (manifest: Manifest) => void> = {
  'apps/v1/Deployment': (manifest) => new Deployment(manifest as any).validate(),
  'v1/Service': (manifest) => new Service(manifest as any).validate(),
};

async function readManifests(): Promise<{ file: string; manifest: Manifest }[]> {
  const files = (await readdir(K8S_DIR)).filter((file) => /\.ya?ml$/.test(file)).sort();
  const manifests: { file: string; manifest: Manifest }[] = [];
  for (const file of files) {
    for (const document of parseAllDocuments(await readFile(new URL(file, K8S_DIR), 'utf8'))) {
      expect(document.errors).toEqual([]);
      const manifest = document.toJS() as Manifest | null;
      if (manifest) manifests.push({ file, manifest });
    }
  }
  return manifests;
}

describe('Kubernetes manifests in sample-app/k8s', () => {
  let manifests: { file: string; manifest: Manifest }[];
  let deployment: Manifest;
  let container: any;
  let literalEnv: Record<string, string>;

  beforeAll(async () => {
    manifests = await readManifests();
    deployment = manifests.find(({ manifest }) => manifest.kind === 'Deployment')!.manifest;
    container = deployment.spec.template.spec.containers[0];
    literalEnv = Object.fromEntries(
      container.env.filter((entry: any) => typeof entry.value === 'string').map((entry: any) => [entry.name, entry.value]),
    );
  });

  it('holds a Deployment and a Service, plus the gRPC flavour’s and the worker’s Deployments, each valid against the Kubernetes schema', () => {
    expect(manifests.map(({ file, manifest }) => `${file} ${manifest.kind}`).sort()).toEqual([
      'deployment.yaml Deployment',
      'grpc-deployment.yaml Deployment',
      'service.yaml Service',
      'worker-deployment.yaml Deployment',
    ]);
    for (const { file, manifest } of manifests) {
      const validate = VALIDATORS[`${manifest.apiVersion}/${manifest.kind}`];
      if (!validate) throw new Error(`${file}: no schema validator for ${manifest.apiVersion} ${manifest.kind}; add one to VALIDATORS`);
      expect(() => validate(manifest)).not.toThrow();
    }
  });

  it('would catch a broken manifest: the schema validation is not a formality', () => {
    const broken = structuredClone(deployment);
    broken.spec.template.spec.containers[0].livenessProbe.periodSeconds = 'ten';
    expect(() => VALIDATORS['apps/v1/Deployment'](broken)).toThrow(/livenessProbe\/periodSeconds must be integer/);
  });

  it('sets the seed’s tuned probe values on the generated startup, live and ready routes', () => {
    expect(container.startupProbe).toEqual({
      httpGet: { path: '/health/startup', port: 'http' },
      initialDelaySeconds: 0,
      periodSeconds: 5,
      failureThreshold: 30,
    });
    expect(container.livenessProbe).toEqual({
      httpGet: { path: '/health/live', port: 'http' },
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
    });
    expect(container.readinessProbe).toEqual({
      httpGet: { path: '/health/ready', port: 'http' },
      periodSeconds: 5,
      timeoutSeconds: 3,
      failureThreshold: 2,
      successThreshold: 1,
    });
  });

  it('points every probe at the port the app listens on with the manifest’s environment', () => {
    const appPort = validateEnvironment(literalEnv).PORT;
    for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
      const { port } = probe.httpGet;
      const containerPort = typeof port === 'number' ? port : container.ports.find((p: any) => p.name === port)?.containerPort;
      expect(containerPort).toBe(appPort);
    }
  });

  it('gives the pod more grace than the drain, and every check less time than any probe waits', () => {
    const config = validateEnvironment(literalEnv);
    expect(config.DRAIN_MS).toBeGreaterThan(0);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(config.DRAIN_MS! / 1000);
    for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
      // the kubelet's default timeoutSeconds is 1
      expect(config.CHECK_TIMEOUT_MS).toBeLessThan((probe.timeoutSeconds ?? 1) * 1000);
    }
  });

  it('takes HEALTH_TOKEN and DATABASE_URL from Secrets, never from literals', () => {
    for (const name of ['HEALTH_TOKEN', 'DATABASE_URL']) {
      const entry = container.env.find((e: any) => e.name === name);
      expect(entry.value).toBeUndefined();
      expect(entry.valueFrom.secretKeyRef).toEqual({ name: expect.any(String), key: expect.any(String) });
    }
  });

  it('routes the Service to the pods’ named http port', () => {
    const service = manifests.find(({ manifest }) => manifest.kind === 'Service')!.manifest;
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    const targetPorts = service.spec.ports.map((port: any) => port.targetPort);
    expect(targetPorts).toEqual(['http']);
    expect(container.ports.map((port: any) => port.name)).toContain('http');
  });

  describe('against the app booted with the manifest’s environment', () => {
    let sample: RunningSample;
    let dataDir: string;

    beforeAll(async () => {
      // the emptyDir stands in for DATA_PATH; cluster addresses (REDIS_URL) and the database secret stay out
      dataDir = await mkdtemp(join(tmpdir(), 'notes-data-'));
      const { REDIS_URL: _clusterRedis, ...env } = literalEnv;
      sample = await startSample({ ...env, DATA_PATH: dataDir, HEALTH_TOKEN: 'manifest-test-token', PORT: '0' });
    }, BOOT_MS);

    afterAll(async () => {
      await sample?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('answers 200 on every probe path of the Deployment', async () => {
      for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
        const answer = await sample.get(probe.httpGet.path);
        expect({ path: probe.httpGet.path, status: answer.status }).toEqual({ path: probe.httpGet.path, status: 200 });
      }
    });

    it('keeps the deep route out of the probes: it answers 401 to the kubelet, which sends no token', async () => {
      const probePaths = [container.startupProbe, container.livenessProbe, container.readinessProbe].map((p) => p.httpGet.path);
      expect(probePaths).not.toContain('/health/deep');
      expect((await sample.get('/health/deep')).status).toBe(401);
    });
  });
});
