import type * as GrpcJs from '@grpc/grpc-js';
import { importOptionalPeer, peerExports } from '../optional-peer.js';
import { CHECK_PATH, decodeServingStatus, encodeCheckRequest, SERVING, statusName } from './grpc-health-messages.js';
import type { ProbeAttempt } from './http-probe.js';
import { simulatorMessages } from './simulator.messages.js';

let grpcJs: Promise<typeof GrpcJs> | undefined;

/** @grpc/grpc-js, loaded the first time a grpc probe is sent (an optional peer). */
function loadGrpcJs(): Promise<typeof GrpcJs> {
  grpcJs ??= importOptionalPeer('@grpc/grpc-js').then(
    (loaded) => peerExports<typeof GrpcJs>(loaded),
    () => {
      grpcJs = undefined;
      throw new Error(simulatorMessages.simulatorGrpcMissing());
    },
  );
  return grpcJs;
}

/**
 * One gRPC probe the way the kubelet sends it (pkg/probe/grpc): a new insecure connection, user agent kube-probe,
 * grpc.health.v1 Check of `service`, the timeout covering connecting and the call. SERVING is success; any other
 * status, an RPC error or the timeout is failure, in the kubelet's words.
 */
export async function sendGrpcProbe(address: string, service: string, timeoutMs: number, signal: AbortSignal): Promise<ProbeAttempt> {
  const started = performance.now();
  const grpc = await loadGrpcJs();
  const deadline = Date.now() + timeoutMs;
  // its own subchannel: never a connection another probe (or the test) already opened
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), {
    'grpc.primary_user_agent': 'kube-probe/1.33',
    'grpc.use_local_subchannel_pool': 1,
  });
  const finished = (attempt: Omit<ProbeAttempt, 'durationMs'>): ProbeAttempt => ({ ...attempt, durationMs: performance.now() - started });
  try {
    return finished(
      await new Promise<Omit<ProbeAttempt, 'durationMs'>>((resolve) => {
        let call: GrpcJs.ClientUnaryCall | undefined;
        const onAbort = () => {
          call?.cancel();
          resolve({ success: false, reason: 'probe cancelled' });
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        const settle = (attempt: Omit<ProbeAttempt, 'durationMs'>) => {
          signal.removeEventListener('abort', onAbort);
          resolve(attempt);
        };
        // like the kubelet's blocking dial: wait for the connection within the same timeout
        client.waitForReady(deadline, (connectError) => {
          if (signal.aborted) return;
          if (connectError) {
            return settle({ success: false, reason: `timeout: failed to connect service "${address}" within ${Math.round(timeoutMs)} ms` });
          }
          call = client.makeUnaryRequest(CHECK_PATH, encodeCheckRequest, decodeServingStatus, service, new grpc.Metadata(), { deadline }, (error, status) => {
            if (error) return settle({ success: false, reason: rpcFailure(grpc, error, timeoutMs) });
            if (status === SERVING) return settle({ success: true });
            settle({ success: false, reason: `service unhealthy (responded with "${statusName(status ?? 0)}")` });
          });
        });
      }),
    );
  } finally {
    client.close();
  }
}

function rpcFailure(grpc: typeof GrpcJs, error: GrpcJs.ServiceError, timeoutMs: number): string {
  if (error.code === grpc.status.UNIMPLEMENTED) return `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${error.details}`;
  if (error.code === grpc.status.DEADLINE_EXCEEDED) return `timeout: health rpc did not complete within ${Math.round(timeoutMs)} ms`;
  return `error: health rpc probe failed: rpc error: code = ${grpc.status[error.code]} desc = ${error.details}`;
}
