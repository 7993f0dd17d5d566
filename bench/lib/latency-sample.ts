/** Growable store of response times: autocannon's own histogram has 1 ms resolution, too coarse for probes. */
export class LatencySample {
  private values = new Float64Array(1 << 16);
  private size = 0;

  add(ms: number): void {
    if (this.size === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.size++] = ms;
  }

  sorted(): Float64Array {
    return this.values.subarray(0, this.size).sort();
  }
}
