import { sendGrpcProbe } from './grpc-probe.js';
import { sendHttpProbe, type ProbeAttempt } from './http-probe.js';
import { PROBE_FIELDS, type ResolvedProbe } from './probe-spec.js';
import { simulatorMessages } from './simulator.messages.js';

export interface PodTargetOptions {
  /** stands for the pod IP and every httpGet port */
  baseUrl?: string;
  /** stands for the pod IP and every grpc port ("host:port"); default: baseUrl's host with the probe's own port */
  grpcAddress?: string;
}

function parseBaseUrl(value: unknown): URL {
  try {
    const url = new URL(value as string);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below with the value
  }
  throw new Error(simulatorMessages.simulatorBaseUrl(value));
}

function parseGrpcAddress(value: unknown): string {
  if (typeof value !== 'string' || !/^(\[[^\]]+\]|[^:[\]\s]+):\d{1,5}$/.test(value)) throw new Error(simulatorMessages.simulatorGrpcTarget(value));
  return value;
}

/** Where the simulated pod answers each probe; validated once, against the probes that need it. */
export class PodTarget {
  private readonly base?: URL;
  private readonly grpcAddress?: string;

  constructor(options: PodTargetOptions, probes: readonly ResolvedProbe[]) {
    if (options.baseUrl !== undefined) this.base = parseBaseUrl(options.baseUrl);
    if (options.grpcAddress !== undefined) this.grpcAddress = parseGrpcAddress(options.grpcAddress);
    for (const probe of probes) {
      const field = PROBE_FIELDS[probe.kind];
      if (probe.action === 'httpGet' && !this.base) throw new Error(simulatorMessages.simulatorNoBaseUrl(field));
      if (probe.action === 'grpc' && !this.base && !this.grpcAddress) throw new Error(simulatorMessages.simulatorNoGrpcTarget(field));
    }
  }

  send(probe: ResolvedProbe, signal: AbortSignal): Promise<ProbeAttempt> {
    if (probe.grpc) return sendGrpcProbe(this.grpcAddress ?? `${this.base?.hostname}:${probe.grpc.port}`, probe.grpc.service, probe.timeoutMs, signal);
    return sendHttpProbe(new URL(probe.path, this.base), probe.headers, probe.timeoutMs, signal);
  }
}

/** What a careful reviewer of the manifest would point out before the cluster does. */
export function probeWarnings(probes: readonly ResolvedProbe[]): string[] {
  return probes
    .filter((probe) => probe.kind === 'liveness' && probe.grpc !== undefined && probe.grpc.service === '')
    .map((probe) => simulatorMessages.simulatorLivenessWithoutService(PROBE_FIELDS[probe.kind]));
}
