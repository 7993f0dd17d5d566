const MAX_DEPTH = 6;
const MAX_KEYS = 50;
const MAX_STRING = 1000;
const MAX_KEY = 100;
/** values copied in all: shared references (a DAG) could otherwise make a small object expand without bound */
const MAX_VALUES = 1000;

interface Walk {
  readonly ancestors: object[];
  values: number;
}

/**
 * Copies a value into plain JSON-safe data: BigInt, cycles, functions, Errors, symbols, throwing getters and
 * oversized payloads become short strings, so a check's details can never crash or bloat a probe response.
 */
export function toSafeJson(value: unknown): unknown {
  return copyValue(value, 0, { ancestors: [], values: 0 });
}

/** Cuts a string to a size a probe body and a log line can carry. */
export function clipText(text: string): string {
  return text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}… (${text.length} chars)` : text;
}

/** Key names come from the same untrusted payloads as values: clipped shorter, since every entry repeats them. */
function clipKey(key: string): string {
  return key.length > MAX_KEY ? `${key.slice(0, MAX_KEY)}… (${key.length} chars)` : key;
}

function copyValue(value: unknown, depth: number, walk: Walk): unknown {
  if (++walk.values > MAX_VALUES) return '[truncated]';
  switch (typeof value) {
    case 'string':
      return clipText(value);
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
  if (walk.ancestors.includes(object)) return '[Circular]';
  walk.ancestors.push(object);
  try {
    return copyObject(object, depth, walk);
  } catch (error) {
    // a Proxy or exotic object that refuses to be read is reported, not propagated
    return `[unreadable: ${errorText(error)}]`;
  } finally {
    walk.ancestors.pop();
  }
}

function copyObject(object: object, depth: number, walk: Walk): unknown {
  if (object instanceof Error) return { name: String(object.name), message: copyValue(object.message, depth + 1, walk) };
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (depth >= MAX_DEPTH) return Array.isArray(object) ? `[Array(${object.length})]` : '[Object]';
  if (Array.isArray(object)) return copyArray(object, depth, walk);
  if (object instanceof Map) return copyEntries(object.entries(), object.size, depth, walk);
  if (object instanceof Set) return copyArray([...object], depth, walk);
  return copyEntries(ownEntries(object), Object.keys(object).length, depth, walk);
}

function* ownEntries(object: object): Iterable<[string, unknown]> {
  for (const key of Object.keys(object)) {
    let item: unknown;
    try {
      item = (object as Record<string, unknown>)[key];
    } catch (error) {
      item = `[getter threw: ${errorText(error)}]`;
    }
    yield [key, item];
  }
}

function copyArray(array: readonly unknown[], depth: number, walk: Walk): unknown[] {
  const copy = array.slice(0, MAX_KEYS).map((item) => copyValue(item, depth + 1, walk) ?? null);
  if (array.length > MAX_KEYS) copy.push(`… ${array.length - MAX_KEYS} more`);
  return copy;
}

function copyEntries(
  entries: Iterable<[unknown, unknown]>,
  size: number,
  depth: number,
  walk: Walk,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  let count = 0;
  for (const [key, item] of entries) {
    if (count++ === MAX_KEYS) {
      copy['…'] = `${size - MAX_KEYS} more keys`;
      break;
    }
    const safe = copyValue(item, depth + 1, walk);
    // defined, not assigned: a "__proto__" key stays an own key instead of replacing the prototype
    if (safe !== undefined) Object.defineProperty(copy, clipKey(String(key)), { value: safe, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function errorText(error: unknown): string {
  try {
    return clipText(error instanceof Error ? error.message : String(error));
  } catch {
    return 'unknown error';
  }
}

/** A one-line reason for anything a check threw: Error messages, strings, and values that are not Errors. Never throws. */
export function describeThrown(thrown: unknown): string {
  try {
    return clipText(reasonOf(thrown));
  } catch {
    // a throwing `message` getter or a hostile Proxy must not keep a probe from answering
    return 'threw a value that cannot be read';
  }
}

function reasonOf(thrown: unknown): string {
  if (thrown instanceof Error) return String(thrown.message || thrown.name);
  if (typeof thrown === 'string') return thrown || 'threw an empty string';
  if (thrown === undefined || thrown === null) return `threw ${String(thrown)}`;
  if (typeof thrown === 'object') {
    const message = (thrown as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
    return `threw ${JSON.stringify(toSafeJson(thrown))}`;
  }
  return `threw ${String(toSafeJson(thrown))}`;
}
