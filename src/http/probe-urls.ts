import type { HealthRoutes } from '../health.options.js';

export const joinPath = (...parts: (string | undefined)[]) =>
  `/${parts
    .filter((part): part is string => !!part)
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;

/** The URLs the probes answer on, global prefix included, for the boot log and the README's advice. */
export function probeUrls(globalPrefix: string | undefined, path: string, routes: HealthRoutes): HealthRoutes {
  return {
    live: joinPath(globalPrefix, path, routes.live),
    ready: joinPath(globalPrefix, path, routes.ready),
    startup: joinPath(globalPrefix, path, routes.startup),
    deep: joinPath(globalPrefix, path, routes.deep),
  };
}
