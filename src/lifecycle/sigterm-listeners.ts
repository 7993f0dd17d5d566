/** Marks this module's own SIGTERM listeners, across apps and across the ESM and CommonJS builds. */
const OURS = Symbol.for('nestjs-health.sigterm-listener');

type Listener = NodeJS.SignalsListener & { [OURS]?: true };

export function markOurs(listener: NodeJS.SignalsListener): NodeJS.SignalsListener {
  (listener as Listener)[OURS] = true;
  return listener;
}

/** SIGTERM listeners that are not ours: someone who closes the app (Nest's shutdown hooks, enableHealthShutdown, the app's own). */
export function othersListeningForSigterm(): number {
  return process.listeners('SIGTERM').filter((listener) => !(listener as Listener)[OURS]).length;
}
