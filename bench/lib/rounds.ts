import type { BenchServerProcess } from './child-process.js';

/** The rows in round `round`'s order: rotated by one each round, so no row always runs first, last or after the same neighbour. */
export function rotated<T>(rows: readonly T[], round: number): T[] {
  const shift = round % rows.length;
  return [...rows.slice(shift), ...rows.slice(0, shift)];
}

/** Runs one load against a server and adds the server process's CPU time per completed request (µs). */
export async function withServerCpu<T extends { readonly completed: number }>(
  server: BenchServerProcess,
  load: () => Promise<T>,
): Promise<T & { readonly serverCpuUsPerRequest: number }> {
  const cpuBefore = await server.request<number>('cpu');
  const result = await load();
  const cpuUs = (await server.request<number>('cpu')) - cpuBefore;
  return { ...result, serverCpuUsPerRequest: cpuUs / Math.max(1, result.completed) };
}
