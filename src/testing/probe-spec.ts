import { simulatorMessages } from './simulator.messages.js';

/** `httpGet` of a Kubernetes probe. The simulator's base URL stands for the pod's IP and port. */
export interface HttpGetAction {
  path?: string;
  port?: number | string;
  host?: string;
  scheme?: string;
  httpHeaders?: ReadonlyArray<{ name: string; value: string }>;
}

/** `grpc` of a Kubernetes probe: Check of grpc.health.v1 on a numeric port, `service` sent as is ("" when unset). */
export interface GrpcAction {
  port: number;
  service?: string;
}

/** A Kubernetes probe, in Kubernetes' own field names (`core/v1` Probe); `httpGet` and `grpc` can be simulated. */
export interface ProbeSpec {
  httpGet?: HttpGetAction;
  grpc?: GrpcAction;
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

/** The three probes of one container, named as in a pod spec. */
export interface ContainerProbes {
  startupProbe?: ProbeSpec;
  livenessProbe?: ProbeSpec;
  readinessProbe?: ProbeSpec;
}

export type ProbeKind = 'startup' | 'liveness' | 'readiness';

/** A probe with Kubernetes' defaults applied and its timings in (scaled) milliseconds. */
export interface ResolvedProbe {
  readonly kind: ProbeKind;
  /** how the kubelet probes: an HTTP GET, or a grpc.health.v1 Check */
  readonly action: 'httpGet' | 'grpc';
  /** httpGet: the path and headers sent ("" and none for a grpc probe) */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** grpc: the manifest's port and the service name sent */
  readonly grpc?: { readonly port: number; readonly service: string };
  readonly initialDelayMs: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

export const PROBE_FIELDS: Record<ProbeKind, keyof ContainerProbes> = {
  startup: 'startupProbe',
  liveness: 'livenessProbe',
  readiness: 'readinessProbe',
};

// the kubelet's defaults for every probe (core/v1 SetDefaults_Probe)
const DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };

function integerField(kind: ProbeKind, spec: ProbeSpec, field: keyof typeof DEFAULTS, minimum: number): number {
  const value = spec[field] ?? DEFAULTS[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new Error(simulatorMessages.simulatorProbeField(PROBE_FIELDS[kind], field, `must be an integer >= ${minimum}`, value));
  }
  return value;
}

/** The grpc action as the API server accepts it: a numeric port, a string service. */
function grpcAction(field: string, action: GrpcAction): { port: number; service: string } {
  const { port, service = '' } = action;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(simulatorMessages.simulatorGrpcPort(field, port));
  }
  if (typeof service !== 'string') throw new Error(simulatorMessages.simulatorProbeField(field, 'grpc.service', 'must be a string', service));
  return { port, service };
}

/** Applies Kubernetes' defaults and validation rules, then scales every timing by `timeScale`. */
export function resolveProbe(kind: ProbeKind, spec: ProbeSpec, timeScale: number): ResolvedProbe {
  const field = PROBE_FIELDS[kind];
  if (!spec.httpGet && !spec.grpc) throw new Error(simulatorMessages.simulatorNoAction(field));
  if (spec.httpGet && spec.grpc) throw new Error(simulatorMessages.simulatorTwoActions(field));
  const successThreshold = integerField(kind, spec, 'successThreshold', 1);
  // the API server refuses any other value for these two probes
  if (kind !== 'readiness' && successThreshold !== 1) {
    throw new Error(simulatorMessages.simulatorProbeField(field, 'successThreshold', 'must be 1 for liveness and startup probes', successThreshold));
  }
  const headers: Record<string, string> = {};
  for (const { name, value } of spec.httpGet?.httpHeaders ?? []) headers[name] = value;
  const path = spec.httpGet ? (spec.httpGet.path ?? '/') : '';
  const ms = (seconds: number) => seconds * 1000 * timeScale;
  return {
    kind,
    action: spec.grpc ? 'grpc' : 'httpGet',
    path: spec.httpGet && !path.startsWith('/') ? `/${path}` : path,
    headers,
    ...(spec.grpc ? { grpc: grpcAction(field, spec.grpc) } : {}),
    initialDelayMs: ms(integerField(kind, spec, 'initialDelaySeconds', 0)),
    periodMs: ms(integerField(kind, spec, 'periodSeconds', 1)),
    timeoutMs: ms(integerField(kind, spec, 'timeoutSeconds', 1)),
    successThreshold,
    failureThreshold: integerField(kind, spec, 'failureThreshold', 1),
  };
}
