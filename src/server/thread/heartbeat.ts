/**
 * The main event loop's heartbeat in shared memory: the main thread stores the monotonic clock (ns) from a timer,
 * the worker reads how long ago that was. One BigInt64 cell, read and written with Atomics; the clock is the
 * process's monotonic one, the same in every thread.
 */
export class Heartbeat {
  private readonly cell: BigInt64Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT)) {
    this.cell = new BigInt64Array(buffer);
  }

  beat(): void {
    Atomics.store(this.cell, 0, process.hrtime.bigint());
  }

  /** ms since the last beat. */
  ageMs(): number {
    return Number(process.hrtime.bigint() - Atomics.load(this.cell, 0)) / 1e6;
  }
}
