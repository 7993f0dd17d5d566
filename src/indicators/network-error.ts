/** The useful part of a network error: undici's "fetch failed" hides it in `cause`, happy eyeballs in `errors`. */
export function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4; depth++) {
    const next = (current as { cause?: unknown } | undefined)?.cause;
    if (next === undefined || next === null) break;
    current = next;
  }
  const aggregate = current as { errors?: unknown[] };
  if (Array.isArray(aggregate.errors) && aggregate.errors.length > 0) current = aggregate.errors[0];
  const { message, code } = (current ?? {}) as { message?: unknown; code?: unknown };
  if (typeof message === 'string' && message !== '') return message;
  if (typeof code === 'string') return code;
  return String(current);
}
