/** Loads an optional peer dependency (prom-client, @nestjs/swagger) only when its feature is in use. */
export type PeerLoader = (name: string) => Promise<unknown>;

// the CommonJS build runs where `import()` may be unavailable (CommonJS Jest), so it loads through require
const cjsRequire: ((name: string) => unknown) | undefined = typeof require === 'function' ? require : undefined;

export const importOptionalPeer: PeerLoader = async (name) => (cjsRequire ? cjsRequire(name) : import(name));

/** A module namespace of a CommonJS package loaded through `import()` keeps its exports on `default`. */
export function peerExports<T>(loaded: unknown): T {
  const namespace = loaded as { default?: unknown };
  return (namespace.default !== undefined && typeof namespace.default === 'object' ? namespace.default : loaded) as T;
}
