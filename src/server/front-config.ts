import type { ResolvedHealthOptions } from '../health.options.js';
import type { ResolvedStaticOptions } from '../health-static-options.js';
import { joinPath } from '../http/probe-urls.js';
import type { FrontConfig, ProbeTarget } from './probe-routes.js';
import { serverMessages } from './probe-server.messages.js';

export const METRICS_PATH = '/metrics';

/**
 * The probe server's routes by DESIGN's placement rule: live, ready and startup always; deep unless its guards
 * keep it on the app — open with `deep.public`, else behind the token, and absent (404) without a token;
 * `/metrics` with `server.metrics`. The app's global prefix does not apply: this is a server of its own.
 */
export function frontConfig(statics: ResolvedStaticOptions, options: ResolvedHealthOptions, port: number): FrontConfig {
  const { path, routes, deep, server } = statics;
  const served: [string, ProbeTarget][] = (['live', 'ready', 'startup'] as const).map((probe) => [joinPath(path, routes[probe]), probe]);
  const deepOnServer = deep.access === 'public' || (deep.access === 'disabled' && options.token !== undefined);
  if (deepOnServer) served.push([joinPath(path, routes.deep), 'deep']);
  if (server?.metrics) served.push([METRICS_PATH, 'metrics']);
  const clash = served.find(([candidate], index) => served.findIndex(([other]) => other === candidate) !== index);
  if (clash !== undefined) throw new Error(serverMessages.routeClash(clash[0]));
  return {
    port,
    host: server?.host,
    routes: served,
    deep: deep.access === 'public' ? 'open' : 'token',
    token: deep.access === 'public' ? undefined : options.token,
  };
}

/** `live /health/live, …, deep /health/deep (token)`: for the boot log. */
export function describeRoutes(config: FrontConfig): string {
  return config.routes.map(([path, target]) => `${target} ${path}${target === 'deep' ? (config.deep === 'open' ? ' (public)' : ' (token)') : ''}`).join(', ');
}
