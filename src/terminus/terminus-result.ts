import { describeValue, toSafeJson } from './check-contract.js';
import { terminusMessages } from './terminus.messages.js';

/** One indicator's report under its key, as every terminus generation writes it: `{ status, ...details }`. */
export interface TerminusIndicatorEntry {
  readonly status: string;
  readonly [detail: string]: unknown;
}

/**
 * What a terminus indicator call resolves to — `HealthIndicatorService.check(key).up()/degraded()/down()`,
 * `.attempt(fn)`, the old `HealthIndicator.getStatus()`: `{ [key]: { status, ...details } }`.
 */
export type TerminusIndicatorResult = { readonly [key: string]: TerminusIndicatorEntry };

export type TerminusStatus = 'up' | 'degraded' | 'down';

/** A terminus result read into what a check reports. */
export interface TerminusReading {
  /** the worst status among the result's indicators (an unknown status counts as down) */
  readonly status: TerminusStatus;
  /** details of the one indicator, flat; of several, each under its key */
  readonly details: Record<string, unknown>;
  /** the reporting indicators' own words: messages, and for `down` what it carried besides */
  readonly reason?: string;
}

interface EntryReading {
  readonly key: string;
  readonly status: TerminusStatus;
  readonly message?: string;
  readonly details: Record<string, unknown>;
}

const SEVERITY: Record<TerminusStatus, number> = { up: 0, degraded: 1, down: 2 };

/**
 * Reads a terminus result by shape; `undefined` when the value is not one (no key, or an entry without status).
 * `downMessage` stands in for a down indicator that gave no message of its own.
 */
export function readTerminusResult(value: unknown, downMessage?: string): TerminusReading | undefined {
  if (!isRecord(value)) return undefined;
  const entries: EntryReading[] = [];
  for (const [key, entry] of Object.entries(value)) {
    if (!isRecord(entry) || !('status' in entry)) return undefined;
    entries.push(readEntry(key, entry));
  }
  if (entries.length === 0) return undefined;
  const status = entries.reduce<TerminusStatus>((worst, { status }) => (SEVERITY[status] > SEVERITY[worst] ? status : worst), 'up');
  const reporting = entries.filter((entry) => entry.status === status);
  if (entries.length === 1) {
    const [only] = entries;
    return { status, details: only.details, reason: reasonOf(only, downMessage) };
  }
  const details = Object.fromEntries(
    entries.map(({ key, status, message, details }) => [key, { status, ...(message === undefined ? {} : { message }), ...details }]),
  );
  const reasons = reporting.flatMap((entry) => {
    const reason = reasonOf(entry, downMessage);
    return reason === undefined ? [] : [`${entry.key}: ${reason}`];
  });
  return { status, details, reason: reasons.length > 0 ? reasons.join('; ') : undefined };
}

/**
 * The old `HealthCheckError` by shape (terminus itself tests `error.causes`): the result it carries, if readable;
 * the error's own message speaks for an indicator that gave none.
 */
export function readThrownCauses(thrown: unknown): TerminusReading | undefined {
  if (thrown === null || (typeof thrown !== 'object' && typeof thrown !== 'function')) return undefined;
  try {
    const { causes, message } = thrown as { causes?: unknown; message?: unknown };
    return causes ? readTerminusResult(causes, typeof message === 'string' && message ? message : undefined) : undefined;
  } catch {
    // a hostile getter: not a terminus error, so it is passed on as thrown
    return undefined;
  }
}

function readEntry(key: string, entry: Record<string, unknown>): EntryReading {
  const { status, message, ...details } = entry;
  const text = message === undefined ? undefined : typeof message === 'string' ? message : describeValue(toSafeJson(message));
  if (status === 'up' || status === 'degraded' || status === 'down') return { key, status, message: text, details };
  const unknown = terminusMessages.unknownStatus(key, status);
  return { key, status: 'down', message: text === undefined ? unknown : `${unknown}: ${text}`, details };
}

/** A down indicator's reason carries its details too: a thrown reason is all the deep view will show of it. */
function reasonOf(entry: EntryReading, downMessage: string | undefined): string | undefined {
  if (entry.status !== 'down') return entry.message;
  const reason = entry.message ?? downMessage ?? terminusMessages.down(entry.key);
  const details = Object.entries(entry.details).map(([key, value]) => `${key}: ${describeValue(toSafeJson(value))}`);
  return details.length === 0 ? reason : terminusMessages.withDetails(reason, details.join(', '));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
