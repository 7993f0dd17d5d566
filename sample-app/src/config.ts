import type { Probe } from 'nestjs-health';
import { sampleMessages } from './sample.messages.js';

/** Everything the sample app reads from its environment; README "Run the sample" documents each variable. */
export interface SampleConfig {
  /** unset: embedded PostgreSQL (PGlite, in memory) */
  readonly databaseUrl?: string;
  /** unset: in-process cache, reported as degraded by the `cache` check */
  readonly redisUrl?: string;
  readonly port: number;
  readonly host: string;
  /** unset: the deep route answers 404 */
  readonly healthToken?: string;
  /** unset: the module's default (5000 in Kubernetes, else 0) */
  readonly drainMs?: number;
  readonly version?: string;
  /** unset: no `external_api` check */
  readonly externalApiUrl?: string;
  readonly dataPath: string;
  readonly diskThresholdGb: number;
  readonly checkTimeoutMs: number;
  readonly dbCheckTtlMs: number;
  /** set: the database check runs in the background every N ms instead of using a ttl */
  readonly dbCheckIntervalMs?: number;
  readonly dbCheckProbes: readonly Probe[];
}

type Env = Readonly<Record<string, string | undefined>>;

const PROBES: readonly Probe[] = ['live', 'ready', 'startup'];

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

interface NumberRule {
  readonly integer?: boolean;
  readonly min: number;
  readonly max?: number;
}

function number(env: Env, name: string, rule: NumberRule): number | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const inRange = value >= rule.min && (rule.max === undefined || value <= rule.max);
  if (Number.isFinite(value) && inRange && (!rule.integer || Number.isInteger(value))) return value;
  const kind = rule.integer ? 'a whole number' : 'a number';
  const range = rule.max === undefined ? `${rule.min} or more` : `from ${rule.min} to ${rule.max}`;
  throw new Error(sampleMessages.invalidEnv(name, `must be ${kind} ${range}`, raw, `unset it for the default, or give ${kind} ${range}`));
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !protocols.includes(parsed.protocol)) {
    const expected = protocols.map((p) => `${p}//`).join(' or ');
    throw new Error(sampleMessages.invalidEnv(name, `must be a ${expected} URL`, raw, `fix the URL or unset ${name}`));
  }
  return raw;
}

function probes(env: Env): Probe[] {
  const raw = text(env, 'DB_CHECK_PROBES');
  if (raw === undefined) return ['ready'];
  const names = raw.split(',').map((name) => name.trim());
  if (names.some((name) => !(PROBES as readonly string[]).includes(name))) throw new Error(sampleMessages.unknownProbe(raw));
  return names as Probe[];
}

/** Reads and validates the environment; a bad value is an error naming the variable and the fix. */
export function configFromEnv(env: Env = process.env): SampleConfig {
  return {
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    port: number(env, 'PORT', { integer: true, min: 0, max: 65535 }) ?? 8080,
    host: text(env, 'HOST') ?? '0.0.0.0',
    healthToken: text(env, 'HEALTH_TOKEN'),
    drainMs: number(env, 'DRAIN_MS', { integer: true, min: 0 }),
    version: text(env, 'APP_VERSION'),
    externalApiUrl: url(env, 'EXTERNAL_API_URL', ['http:', 'https:']),
    dataPath: text(env, 'DATA_PATH') ?? process.cwd(),
    diskThresholdGb: number(env, 'DISK_THRESHOLD_GB', { min: 0 }) ?? 1,
    checkTimeoutMs: number(env, 'CHECK_TIMEOUT_MS', { integer: true, min: 1 }) ?? 500,
    dbCheckTtlMs: number(env, 'DB_CHECK_TTL_MS', { integer: true, min: 0 }) ?? 5000,
    dbCheckIntervalMs: number(env, 'DB_CHECK_INTERVAL_MS', { integer: true, min: 1 }),
    dbCheckProbes: probes(env),
  };
}
