import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** A Deployment of sample-app/k8s as its tests read it: the YAML, the first container, its literal env values. */
export interface SampleDeployment {
  readonly text: string;
  readonly deployment: any;
  readonly container: any;
  /** env entries with a `value` (those from Secrets are left out) */
  readonly literalEnv: Record<string, string>;
}

export async function readSampleDeployment(file: string): Promise<SampleDeployment> {
  const text = await readFile(new URL(`../../k8s/${file}`, import.meta.url), 'utf8');
  const deployment = parse(text);
  const container = deployment.spec.template.spec.containers[0];
  const literalEnv = Object.fromEntries(
    container.env.filter((entry: any) => typeof entry.value === 'string').map((entry: any) => [entry.name, entry.value]),
  );
  return { text, deployment, container, literalEnv };
}

/** The three probes of a sample Deployment's container: startup, liveness, readiness. */
export const probesOf = (container: any): any[] => [container.startupProbe, container.livenessProbe, container.readinessProbe];

/** Reads `file` before the suite's tests run; its fields are set by the time a test reads them. */
export function sampleDeploymentForSuite(file: string): SampleDeployment {
  const manifest = {} as { -readonly [K in keyof SampleDeployment]: SampleDeployment[K] };
  beforeAll(async () => {
    Object.assign(manifest, await readSampleDeployment(file));
  });
  return manifest;
}
