import { indicatorMessages } from './indicator.messages.js';
import type { RedisConnectionState } from './redis-client.js';

/** When each client was first seen on its way back; its grace period runs from there. */
const transientSince = new WeakMap<object, number>();

/** Details a check returns for a client it will not send a command to. */
export interface RedisStateVerdict {
  readonly healthy?: false;
  readonly degraded?: true;
  readonly message: string;
  readonly status: string;
  readonly connected: false;
}

/**
 * `undefined` for a usable client; otherwise the verdict without a command: a closed client fails at
 * once, a reconnecting one is degraded for `graceMs` from the first check that saw it so, then failed.
 * A command sent now would only wait in the client's offline queue.
 */
export function redisStateVerdict(client: object, state: RedisConnectionState, graceMs: number): RedisStateVerdict | undefined {
  if (state.phase === 'usable') {
    transientSince.delete(client);
    return undefined;
  }
  const { status } = state;
  if (state.phase === 'closed') {
    transientSince.delete(client);
    const message = status === 'closed' ? indicatorMessages.redisNotOpen() : indicatorMessages.redisEnded(status);
    return { healthy: false, message, status, connected: false };
  }
  const now = performance.now();
  let since = transientSince.get(client);
  if (since === undefined) transientSince.set(client, (since = now));
  const elapsed = now - since;
  if (elapsed >= graceMs) {
    return { healthy: false, message: indicatorMessages.redisReconnectingTooLong(status, elapsed, graceMs), status, connected: false };
  }
  return { degraded: true, message: indicatorMessages.redisReconnecting(status, elapsed, graceMs), status, connected: false };
}
