import type { ServerWritableStream } from '@grpc/grpc-js';
import type { HealthCheckRequest } from './health-proto.js';
import type { ServingStatus } from './serving-status.js';

export type WatchCall = ServerWritableStream<HealthCheckRequest, ServingStatus>;

/**
 * One Watch stream with bounded buffering: at most one message is in flight, and while it is, only the
 * latest status waits behind it (replaced by each newer one), so a client that stops reading costs one
 * message, never a queue. A status equal to the last one written is not sent again.
 */
export class WatchStream {
  private inFlight = false;
  private pending?: ServingStatus;
  private lastWritten?: ServingStatus;
  private ended = false;
  private readonly written = () => this.afterWrite();

  constructor(
    readonly call: WatchCall,
    readonly service: string,
    onGone: (stream: WatchStream) => void,
  ) {
    // grpc-js emits "cancelled" whenever the HTTP/2 stream closes: client cancel, deadline, or after our end
    call.once('cancelled', () => {
      this.ended = true;
      onGone(this);
    });
  }

  get isEnded(): boolean {
    return this.ended;
  }

  send(status: ServingStatus): void {
    if (this.ended) return;
    if (this.inFlight) {
      this.pending = status;
      return;
    }
    if (status === this.lastWritten) return;
    this.write(status);
  }

  /** Ends the stream with OK after the latest status, so the client's last message is the truth. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const last = this.pending;
    this.pending = undefined;
    if (last !== undefined && last !== this.lastWritten) this.call.write(last);
    this.call.end();
  }

  /** Ends the stream with an error status (e.g. RESOURCE_EXHAUSTED). */
  fail(code: number, details: string): void {
    if (this.ended) return;
    this.ended = true;
    this.call.emit('error', { code, details });
  }

  private write(status: ServingStatus): void {
    this.lastWritten = status;
    this.inFlight = true;
    this.call.write(status, this.written);
  }

  private afterWrite(): void {
    this.inFlight = false;
    const next = this.pending;
    this.pending = undefined;
    if (next !== undefined) this.send(next);
  }
}
