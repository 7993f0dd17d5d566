export { ProbeSimulator } from './probe-simulator.js';
export type { FromManifestOptions, ProbeSimulatorOptions } from './probe-simulator.js';
export type { WaitForOptions } from './probe-event-log.js';
export { readContainerProbes } from './manifest-probes.js';
export type { Manifest } from './manifest-probes.js';
export type { ProbeEvent, ProbeEventListener, ProbeEventType, ProbeRecord } from './probe-events.js';
export type { ContainerProbes, GrpcAction, HttpGetAction, ProbeKind, ProbeSpec, ResolvedProbe } from './probe-spec.js';
