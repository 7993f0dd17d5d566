import { withGrpcHealth } from 'nestjs-health/grpc';
import { fileURLToPath } from 'node:url';
import { sampleMessages } from '../sample.messages.js';

/** The proto of the notes gRPC API: two folders up from src/grpc and from dist/grpc alike. */
export const NOTES_PROTO = fileURLToPath(new URL('../../proto/notes.proto', import.meta.url));

const DEFAULT_GRPC_PORT = 50051;

/** GRPC_PORT, where the gRPC flavour listens (default 50051); its other settings are the sample's own environment. */
export function grpcPortFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env.GRPC_PORT?.trim();
  if (raw === undefined || raw === '') return DEFAULT_GRPC_PORT;
  const port = Number(raw);
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  // a port of 0 would leave the kubelet nothing to probe: the gRPC server does not report the port it picked
  throw new Error(sampleMessages.invalidEnv('GRPC_PORT', 'must be a whole number from 1 to 65535', raw, 'unset it for 50051, or give a port'));
}

/** The gRPC server of the flavour: notes.NotesService, and grpc.health.v1.Health added by withGrpcHealth. */
export function grpcServerOptions(host: string, port: number) {
  return withGrpcHealth({ package: 'notes', protoPath: NOTES_PROTO, url: `${host}:${port}`, gracefulShutdown: true });
}
