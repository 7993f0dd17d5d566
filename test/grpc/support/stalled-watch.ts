import { connect, type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';

/** One gRPC message frame: compressed flag, 4-byte big-endian length, then the bytes. */
function grpcFrame(message: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}

/** HealthCheckRequest { service } in protobuf, written out by hand for a client that is not grpc-js. */
function checkRequest(service: string): Buffer {
  const name = Buffer.from(service, 'utf8');
  if (name.length > 127) throw new Error('stalled-watch: keep the service name under 128 bytes');
  return name.length ? Buffer.concat([Buffer.from([0x0a, name.length]), name]) : Buffer.alloc(0);
}

/**
 * A Watch from a client that stops reading: a raw HTTP/2 session that advertises a zero flow-control window,
 * so the server cannot send it a single byte of data until `resume()` opens the window again.
 */
export class StalledWatch {
  private readonly session: ClientHttp2Session;
  private readonly stream: ClientHttp2Stream;
  private readonly received: Buffer[] = [];
  readonly trailers: Promise<Record<string, unknown>>;

  constructor(address: string, service: string) {
    this.session = connect(`http://${address}`, { settings: { initialWindowSize: 0 } });
    this.session.on('error', () => undefined);
    this.stream = this.session.request({
      ':method': 'POST',
      ':path': '/grpc.health.v1.Health/Watch',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    this.stream.on('data', (chunk: Buffer) => this.received.push(chunk));
    this.stream.on('error', () => undefined);
    this.trailers = new Promise((resolve) => this.stream.on('trailers', (headers) => resolve(headers)));
    this.stream.end(grpcFrame(checkRequest(service)));
  }

  /** Opens the window: everything the server had queued for this stream now arrives. */
  resume(): void {
    this.session.settings({ initialWindowSize: 65_535 });
  }

  /** The serving statuses received so far, decoded from the gRPC frames. */
  statuses(): number[] {
    const bytes = Buffer.concat(this.received);
    const statuses: number[] = [];
    for (let offset = 0; offset + 5 <= bytes.length; ) {
      const length = bytes.readUInt32BE(offset + 1);
      const message = bytes.subarray(offset + 5, offset + 5 + length);
      // HealthCheckResponse { status = 1 (varint) }; an empty message is UNKNOWN (0)
      statuses.push(message.length >= 2 && message[0] === 0x08 ? message[1] : 0);
      offset += 5 + length;
    }
    return statuses;
  }

  close(): void {
    this.stream.close();
    this.session.destroy();
  }
}
