import type { Probe } from 'nestjs-health';
import { sampleMessages } from '../sample.messages.js';

/**
 * The sample's environment after validation: what `ConfigService<Environment, true>` serves. sample-app/README.md
 * documents each variable.
 */
export interface Environment {
  /** unset: embedded PostgreSQL (PGlite, in memory) */
  DATABASE_URL?: string;
  /** unset: in-process cache, reported as degraded by the `cache` check */
  REDIS_URL?: string;
  PORT: number;
  HOST: string;
  /** set: the probes move off the app to the module's probe server on this port, in thread mode */
  HEALTH_PORT?: number;
  /** unset: the deep route answers 404 */
  HEALTH_TOKEN?: string;
  /** unset: the module's default (5000 in Kubernetes, else 0) */
  DRAIN_MS?: number;
  APP_VERSION?: string;
  /** unset: no `external_api` check */
  EXTERNAL_API_URL?: string;
  DATA_PATH: string;
  DISK_THRESHOLD_GB: number;
  CHECK_TIMEOUT_MS: number;
  DB_CHECK_TTL_MS: number;
  /** set: the database check runs in the background every N ms instead of using a ttl */
  DB_CHECK_INTERVAL_MS?: number;
  DB_CHECK_PROBES: Probe[];
}

export type RawEnvironment = Readonly<Record<string, unknown>>;

const PROBES: readonly Probe[] = ['live', 'ready', 'startup'];

function text(env: RawEnvironment, name: string): string | undefined {
  const raw = env[name];
  const value = typeof raw === 'string' ? raw.trim() : undefined;
  return value === undefined || value === '' ? undefined : value;
}

interface NumberRule {
  readonly integer?: boolean;
  readonly min: number;
  readonly max?: number;
}

/** A number variable within `rule`, undefined when unset; a bad value stops the boot with a sentence naming it. */
export function numberVariable(env: RawEnvironment, name: string, rule: NumberRule): number | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const inRange = value >= rule.min && (rule.max === undefined || value <= rule.max);
  if (Number.isFinite(value) && inRange && (!rule.integer || Number.isInteger(value))) return value;
  const kind = rule.integer ? 'a whole number' : 'a number';
  const range = rule.max === undefined ? `${rule.min} or more` : `from ${rule.min} to ${rule.max}`;
  throw new Error(sampleMessages.invalidEnv(name, `must be ${kind} ${range}`, raw, `unset it for the default, or give ${kind} ${range}`));
}

/** The URL as it may be printed: a password never reaches the log, even in a URL we refuse. */
function withoutPassword(parsed: URL | undefined, raw: string): string {
  if (parsed === undefined) return raw.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
  if (parsed.password === '') return raw;
  const shown = new URL(parsed.href);
  shown.password = '***';
  return shown.href;
}

export function urlVariable(env: RawEnvironment, name: string, protocols: readonly string[]): string | undefined {
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
    throw new Error(sampleMessages.invalidEnv(name, `must be a ${expected} URL`, withoutPassword(parsed, raw), `fix the URL or unset ${name}`));
  }
  return raw;
}

function probes(env: RawEnvironment): Probe[] {
  const raw = text(env, 'DB_CHECK_PROBES');
  if (raw === undefined) return ['ready'];
  const names = raw.split(',').map((name) => name.trim());
  if (names.some((name) => !(PROBES as readonly string[]).includes(name))) throw new Error(sampleMessages.unknownProbe(raw));
  return names as Probe[];
}

/**
 * `ConfigModule.forRoot({ validate })`: reads the sample's variables from the environment (and `.env`), applies
 * the defaults, and refuses a bad value with a sentence naming the variable and the fix. An empty variable is unset.
 */
export function validateEnvironment(env: RawEnvironment): Environment {
  return {
    DATABASE_URL: urlVariable(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    REDIS_URL: urlVariable(env, 'REDIS_URL', ['redis:', 'rediss:']),
    PORT: numberVariable(env, 'PORT', { integer: true, min: 0, max: 65535 }) ?? 8080,
    HOST: text(env, 'HOST') ?? '0.0.0.0',
    HEALTH_PORT: numberVariable(env, 'HEALTH_PORT', { integer: true, min: 0, max: 65535 }),
    HEALTH_TOKEN: text(env, 'HEALTH_TOKEN'),
    DRAIN_MS: numberVariable(env, 'DRAIN_MS', { integer: true, min: 0 }),
    APP_VERSION: text(env, 'APP_VERSION'),
    EXTERNAL_API_URL: urlVariable(env, 'EXTERNAL_API_URL', ['http:', 'https:']),
    DATA_PATH: text(env, 'DATA_PATH') ?? process.cwd(),
    DISK_THRESHOLD_GB: numberVariable(env, 'DISK_THRESHOLD_GB', { min: 0 }) ?? 1,
    CHECK_TIMEOUT_MS: numberVariable(env, 'CHECK_TIMEOUT_MS', { integer: true, min: 1 }) ?? 500,
    DB_CHECK_TTL_MS: numberVariable(env, 'DB_CHECK_TTL_MS', { integer: true, min: 0 }) ?? 5000,
    DB_CHECK_INTERVAL_MS: numberVariable(env, 'DB_CHECK_INTERVAL_MS', { integer: true, min: 1 }),
    DB_CHECK_PROBES: probes(env),
  };
}
