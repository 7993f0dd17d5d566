import { describeValue } from '../describe-value.js';

/** Messages of ProbeSimulator. */
export const simulatorMessages = {
  simulatorProbeField: (probe: string, field: string, rule: string, value: unknown) =>
    `ProbeSimulator: ${probe}.${field} ${rule}, got ${describeValue(value)} (Kubernetes would reject this probe too)`,
  simulatorNoAction: (probe: string) =>
    `ProbeSimulator: ${probe} has no httpGet or grpc action; only HTTP and gRPC probes can be simulated, so give it httpGet: { path, port } or grpc: { port, service }`,
  simulatorTwoActions: (probe: string) =>
    `ProbeSimulator: ${probe} has both httpGet and grpc; Kubernetes allows one action per probe, so keep one of them`,
  simulatorGrpcPort: (probe: string, value: unknown) =>
    `ProbeSimulator: ${probe}.grpc.port must be a port number (1-65535), got ${describeValue(value)}; Kubernetes takes numeric ports only for grpc probes, not a named port`,
  simulatorGrpcTarget: (value: unknown) =>
    `ProbeSimulator: grpcAddress must be "host:port" (where the pod's gRPC port answers, e.g. "127.0.0.1:50051"), got ${describeValue(value)}`,
  simulatorNoBaseUrl: (probe: string) =>
    `ProbeSimulator: ${probe} is an httpGet probe, so the simulator needs baseUrl, e.g. "http://127.0.0.1:3000"`,
  simulatorNoGrpcTarget: (probe: string) =>
    `ProbeSimulator: ${probe} is a grpc probe, so the simulator needs grpcAddress (e.g. "127.0.0.1:50051") or a baseUrl whose host it can use`,
  simulatorGrpcMissing: () =>
    'ProbeSimulator: grpc probes need the "@grpc/grpc-js" package; install it (npm i -D @grpc/grpc-js)',
  simulatorLivenessWithoutService: (probe: string) =>
    `ProbeSimulator: ${probe} is a grpc probe without service, so the kubelet sends "" and gets readiness: a dependency outage would restart the pod. Add service: liveness`,
  simulatorTimeScale: (value: unknown) =>
    `ProbeSimulator: timeScale must be a positive number (0.1 runs a 10 s period every second), got ${describeValue(value)}`,
  simulatorBaseUrl: (value: unknown) =>
    `ProbeSimulator: baseUrl must be an absolute http(s) URL such as "http://127.0.0.1:3000", got ${describeValue(value)}`,
  simulatorNoWorkload: (kinds: string) =>
    `ProbeSimulator: the manifest holds no workload with a pod template (found ${kinds}); pass a Deployment, StatefulSet, DaemonSet or Pod`,
  simulatorNoContainer: (wanted: string, names: string) =>
    `ProbeSimulator: the manifest has no container named "${wanted}" (containers: ${names}); pass one of those names as container`,
  simulatorNoProbes: (names: string) =>
    `ProbeSimulator: no container in the manifest (${names}) declares a startupProbe, livenessProbe or readinessProbe`,
  simulatorYamlMissing: () =>
    'ProbeSimulator: reading a manifest from YAML text needs the "yaml" package; install it (npm i -D yaml) or pass the parsed object',
  simulatorWaitTimedOut: (what: string, ms: number) => `ProbeSimulator: no ${what} event within ${ms} ms`,
  simulatorStopped: (what: string) => `ProbeSimulator: stopped while waiting for a ${what} event`,
  simulatorNotRunning: (what: string) =>
    `ProbeSimulator: waiting for a ${what} event, but the simulator is not running; call start() first`,
};
