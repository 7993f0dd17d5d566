import type { BenchSettings } from './bench-settings.js';
import type { MemoryFigures } from './lib/child-protocol.js';
import { startServerProcess } from './lib/child-process.js';
import { loadTest } from './lib/load.js';
import { round } from './lib/stats.js';

const MB = 1024 * 1024;

export interface SoakReading {
  readonly probes: number;
  readonly heapUsedMb: number;
  readonly rssMb: number;
}

export interface SoakResult {
  readonly path: string;
  readonly readings: readonly SoakReading[];
  /** heap after the last checkpoint minus heap after the first */
  readonly heapGrowthMb: number;
  readonly rssGrowthMb: number;
  readonly non2xx: number;
}

/** Many ready probes against the three-check app; heap and RSS read in the server after forced collections. */
export async function runSoak(settings: BenchSettings, log: (line: string) => void): Promise<SoakResult> {
  const path = '/health/ready';
  const server = await startServerProcess('ours-cached', { nodeFlags: ['--expose-gc'] });
  try {
    const readings: SoakReading[] = [];
    let sent = 0;
    let non2xx = 0;
    for (const checkpoint of settings.soakCheckpoints) {
      log(`soak: ${checkpoint - sent} probes (to ${checkpoint})`);
      const result = await loadTest({ url: `${server.origin}${path}`, connections: settings.connections, amount: checkpoint - sent });
      non2xx += result.non2xx + result.errors;
      sent = checkpoint;
      const memory = await server.request<MemoryFigures>('memory');
      readings.push({ probes: checkpoint, heapUsedMb: round(memory.heapUsedBytes / MB, 2), rssMb: round(memory.rssBytes / MB, 1) });
    }
    const first = readings[0];
    const last = readings[readings.length - 1];
    return {
      path,
      readings,
      heapGrowthMb: round(last.heapUsedMb - first.heapUsedMb, 2),
      rssGrowthMb: round(last.rssMb - first.rssMb, 1),
      non2xx,
    };
  } finally {
    await server.stop();
  }
}
