import type { GrpcHealthSource } from './grpc-health-source.js';

/** How one service name is answered: by running what it needs (Check) or from results at hand (Watch). */
export interface ServiceEntry {
  evaluate(): boolean | Promise<boolean>;
  peek(): boolean | undefined;
  /** liveness alone ignores readiness-level changes (start-up, manual marks, shutdown) */
  readonly followsReadiness: boolean;
}

/**
 * The names the service answers to: `""` and `readiness` → ready, `liveness` → live, `startup` → startup
 * (NOT_SERVING once shutdown begins, as every name but liveness), and each key of `grpc.services`.
 */
export function serviceEntries(source: GrpcHealthSource, services: ReadonlyMap<string, readonly string[]>): ReadonlyMap<string, ServiceEntry> {
  const ready: ServiceEntry = { evaluate: () => source.evaluate('ready'), peek: () => source.peek('ready'), followsReadiness: true };
  const entries = new Map<string, ServiceEntry>([
    ['', ready],
    ['readiness', ready],
    ['liveness', { evaluate: () => source.evaluate('live'), peek: () => source.peek('live'), followsReadiness: false }],
    [
      'startup',
      {
        evaluate: () => !source.shuttingDown && source.evaluate('startup'),
        peek: () => !source.shuttingDown && source.peek('startup'),
        followsReadiness: true,
      },
    ],
  ]);
  for (const [name, checks] of services) {
    entries.set(name, { evaluate: () => source.evaluateChecks(checks), peek: () => source.peekChecks(checks), followsReadiness: true });
  }
  return entries;
}
