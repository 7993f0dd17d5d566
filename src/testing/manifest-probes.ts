import { simulatorMessages } from './simulator.messages.js';
import type { ContainerProbes } from './probe-spec.js';

interface ManifestContainer extends ContainerProbes {
  name?: string;
}

interface PodSpecLike {
  containers?: ManifestContainer[];
}

interface ManifestObject {
  kind?: string;
  spec?: PodSpecLike & { template?: { spec?: PodSpecLike } };
}

/** A parsed manifest (one object or a list of documents) or its YAML text (one or more documents). */
export type Manifest = object | readonly object[] | string;

async function parseYaml(text: string): Promise<object[]> {
  let yaml: typeof import('yaml');
  try {
    yaml = await import('yaml');
  } catch {
    throw new Error(simulatorMessages.simulatorYamlMissing());
  }
  return yaml
    .parseAllDocuments(text)
    .map((document) => document.toJS() as unknown)
    .filter((value): value is object => value !== null && typeof value === 'object');
}

function podContainers(document: ManifestObject): ManifestContainer[] | undefined {
  return document.spec?.template?.spec?.containers ?? (document.kind === 'Pod' ? document.spec?.containers : undefined);
}

const hasProbes = (container: ManifestContainer) =>
  Boolean(container.startupProbe ?? container.livenessProbe ?? container.readinessProbe);

/**
 * Reads the probe specs of one container from a workload manifest (Deployment, StatefulSet, DaemonSet, Pod):
 * the named container, else the first container that declares a probe.
 */
export async function readContainerProbes(manifest: Manifest, container?: string): Promise<ContainerProbes> {
  const documents = (
    typeof manifest === 'string' ? await parseYaml(manifest) : Array.isArray(manifest) ? manifest : [manifest]
  ) as ManifestObject[];
  const workload = documents.find((document) => podContainers(document));
  const containers = workload ? podContainers(workload) : undefined;
  if (!containers) {
    throw new Error(simulatorMessages.simulatorNoWorkload(documents.map((document) => document.kind ?? 'an object without kind').join(', ') || 'nothing'));
  }
  const names = containers.map((candidate) => candidate.name ?? '(unnamed)').join(', ');
  const chosen = container === undefined ? containers.find(hasProbes) : containers.find((candidate) => candidate.name === container);
  if (!chosen) throw new Error(container === undefined ? simulatorMessages.simulatorNoProbes(names) : simulatorMessages.simulatorNoContainer(container, names));
  const { startupProbe, livenessProbe, readinessProbe } = chosen;
  return { startupProbe, livenessProbe, readinessProbe };
}
