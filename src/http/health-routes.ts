import type { ProbeOrDeep } from '../checks/check.types.js';
import type { ProbeStatus } from '../probes/probe-report.js';
import type { ResolvedStaticOptions } from '../health-static-options.js';

/** One health route: everything the controller, the URL log, OpenAPI and the formats need to know of it. */
export interface HealthRoute {
  readonly probe: ProbeOrDeep;
  readonly summary: string;
  readonly passing: readonly ProbeStatus[];
  readonly failing: readonly ProbeStatus[];
  /** the name kube-apiserver's verbose text gives the probe */
  readonly verboseName: string;
}

/** The four routes, in the order they are declared and logged. */
export const HEALTH_ROUTES: readonly HealthRoute[] = [
  {
    probe: 'live',
    summary: 'Liveness: is the process alive? Runs no dependency checks by default',
    passing: ['alive'],
    failing: ['not_alive'],
    verboseName: 'livez',
  },
  {
    probe: 'ready',
    summary: 'Readiness: can this instance serve traffic now?',
    passing: ['ready'],
    failing: ['not_ready', 'starting', 'shutting_down'],
    verboseName: 'readyz',
  },
  { probe: 'startup', summary: 'Startup: has the application finished starting?', passing: ['started'], failing: ['starting'], verboseName: 'startupz' },
  {
    probe: 'deep',
    summary: 'Deep diagnostics for operators: every check run fresh, full reasons, system figures',
    passing: ['ready'],
    failing: ['not_ready', 'starting', 'shutting_down'],
    verboseName: 'deep',
  },
];

export const routeOf = (probe: ProbeOrDeep): HealthRoute => HEALTH_ROUTES.find((route) => route.probe === probe)!;

/** Whether the route exists on the app's own HTTP server: a disabled deep route is not registered at all. */
export function isMounted(options: ResolvedStaticOptions, probe: ProbeOrDeep): boolean {
  return probe !== 'deep' || options.deep.access !== 'disabled';
}
