import { ServiceUnavailableException } from '@nestjs/common';
import { sampleMessages } from '../sample.messages.js';

/** A server error about the query itself is a bug (500); anything else means the database is out of reach. */
function isUnavailable(error: unknown): boolean {
  const { severity, code } = (error ?? {}) as { severity?: unknown; code?: unknown };
  if (severity === undefined) return true;
  // SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57 operator intervention
  return typeof code === 'string' && /^(08|53|57)/.test(code);
}

/** Runs database work for a request: an unreachable database is a 503 with a sentence, never a raw 500. */
export async function fromDatabase<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUnavailable(error)) throw new ServiceUnavailableException(sampleMessages.databaseUnavailable());
    throw error;
  }
}
