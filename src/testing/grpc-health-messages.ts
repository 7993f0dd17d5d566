/**
 * The two grpc.health.v1 messages a kubelet's probe needs, written out by hand so the testing subpath needs
 * no .proto and nothing of the module: HealthCheckRequest { string service = 1 } out,
 * HealthCheckResponse { ServingStatus status = 1 } in.
 */
export const CHECK_PATH = '/grpc.health.v1.Health/Check';

export const SERVING = 1;
const STATUS_NAMES = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];

export function encodeCheckRequest(service: string): Buffer {
  const name = Buffer.from(service, 'utf8');
  const head = [0x0a];
  for (let rest = name.length; ; rest = Math.floor(rest / 128)) {
    if (rest < 0x80) {
      head.push(rest);
      break;
    }
    head.push((rest & 0x7f) | 0x80);
  }
  return name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from(head), name]);
}

/** The status of a response: field 1 as a one-byte varint (every status is below 128), UNKNOWN when absent. */
export function decodeServingStatus(buffer: Buffer): number {
  return buffer.length >= 2 && buffer[0] === 0x08 ? buffer[1] : 0;
}

export const statusName = (status: number): string => STATUS_NAMES[status] ?? String(status);
