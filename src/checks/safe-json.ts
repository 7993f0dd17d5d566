const MAX_DEPTH = 6;
const MAX_KEYS = 50;
const MAX_STRING = 1000;

/**
 * Copies a value into plain JSON-safe data: BigInt, cycles, functions, Errors, symbols and oversized
 * payloads become short strings, so a check's details can never crash or bloat a probe response.
 */
export function toSafeJson(value: unknown, depth = 0, ancestors: object[] = []): unknown {
  switch (typeof value) {
    case 'string':
      return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} chars)` : value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
      return undefined;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.includes(object)) return '[Circular]';
  if (object instanceof Error) return { name: object.name, message: toSafeJson(object.message) };
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (depth >= MAX_DEPTH) return Array.isArray(object) ? `[Array(${object.length})]` : '[Object]';
  ancestors.push(object);
  try {
    if (Array.isArray(object)) return copyArray(object, depth, ancestors);
    if (object instanceof Map) return copyEntries(object.entries(), object.size, depth, ancestors);
    if (object instanceof Set) return copyArray([...object], depth, ancestors);
    return copyEntries(ownEntries(object), Object.keys(object).length, depth, ancestors);
  } finally {
    ancestors.pop();
  }
}

function* ownEntries(object: object): Iterable<[string, unknown]> {
  for (const key of Object.keys(object)) {
    let item: unknown;
    try {
      item = (object as Record<string, unknown>)[key];
    } catch (error) {
      item = `[getter threw: ${error instanceof Error ? error.message : String(error)}]`;
    }
    yield [key, item];
  }
}

function copyArray(array: readonly unknown[], depth: number, ancestors: object[]): unknown[] {
  const copy = array.slice(0, MAX_KEYS).map((item) => toSafeJson(item, depth + 1, ancestors) ?? null);
  if (array.length > MAX_KEYS) copy.push(`… ${array.length - MAX_KEYS} more`);
  return copy;
}

function copyEntries(
  entries: Iterable<[unknown, unknown]>,
  size: number,
  depth: number,
  ancestors: object[],
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  let count = 0;
  for (const [key, item] of entries) {
    if (count++ === MAX_KEYS) {
      copy['…'] = `${size - MAX_KEYS} more keys`;
      break;
    }
    const safe = toSafeJson(item, depth + 1, ancestors);
    if (safe !== undefined) copy[String(key)] = safe;
  }
  return copy;
}

/** A one-line reason for anything a check threw: Error messages, strings, and values that are not Errors. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === 'string') return thrown || 'threw an empty string';
  if (thrown === undefined || thrown === null) return `threw ${String(thrown)}`;
  if (typeof thrown === 'object') {
    const message = (thrown as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
    try {
      return `threw ${JSON.stringify(toSafeJson(thrown))}`;
    } catch {
      return 'threw an object';
    }
  }
  return `threw ${String(toSafeJson(thrown))}`;
}
