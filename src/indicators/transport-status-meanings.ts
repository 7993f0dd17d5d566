import { indicatorMessages } from './indicator.messages.js';

/** `transient`: degraded for the grace period, then failed. */
export type TransportStatusMeaning = 'healthy' | 'transient' | 'failed';

/** Every status word Nest's transports emit (Redis, NATS, MQTT, RabbitMQ, Kafka, TCP). */
const BUILT_IN: Readonly<Record<string, TransportStatusMeaning>> = {
  connected: 'healthy',
  unblocked: 'healthy',
  reconnecting: 'transient',
  rebalancing: 'transient',
  blocked: 'transient',
  disconnected: 'failed',
  crashed: 'failed',
  stopped: 'failed',
  closed: 'failed',
};

const MEANINGS = new Set<unknown>(['healthy', 'transient', 'failed']);

/** The built-in table with the user's words over it. */
export function statusMeanings(overrides: unknown): ReadonlyMap<string, TransportStatusMeaning> {
  const meanings = new Map(Object.entries(BUILT_IN));
  if (overrides === undefined) return meanings;
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new Error(indicatorMessages.invalidIndicatorOption('watchTransportStatus', 'statuses', 'must be an object of status word to meaning', overrides));
  }
  for (const [word, meaning] of Object.entries(overrides)) {
    if (!MEANINGS.has(meaning)) throw new Error(indicatorMessages.invalidStatusMeaning(word, meaning));
    meanings.set(word, meaning as TransportStatusMeaning);
  }
  return meanings;
}
