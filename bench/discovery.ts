import type { BenchSettings } from './bench-settings.js';
import type { DiscoveryResult } from './discovery/discovery-main.js';
import { runJobProcess } from './lib/child-process.js';

export type { DiscoveryResult };

/** Boot time added by HealthModule to an app of many providers, measured in a fresh process. */
export function runDiscovery(settings: BenchSettings, log: (line: string) => void): Promise<DiscoveryResult> {
  const { providers, decorated, rounds } = settings.discovery;
  log(`discovery: ${providers} providers, ${decorated} decorated, ${rounds} boots with and without HealthModule`);
  return runJobProcess<DiscoveryResult>('../discovery/discovery-main.js', [String(providers), String(decorated), String(rounds)], {
    nodeFlags: ['--expose-gc'],
  });
}
