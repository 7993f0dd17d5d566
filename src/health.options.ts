import type { LoggerService } from '@nestjs/common';
import { DEFAULT_CHECK_OPTIONS, type HealthCheckDefaults } from './checks/check-defaults.js';
import { isPlainObject, requireBoolean, requireDuration, requirePositiveTimerDuration, requireTimerDuration, unknownKey, type RuleFailure } from './checks/option-rules.js';
import { resolveGrpcOptions, type GrpcHealthModuleOptions, type ResolvedGrpcHealthOptions } from './grpc/grpc-health.options.js';
import { optionMessages } from './health-options.messages.js';

export type { HealthCheckDefaults } from './checks/check-defaults.js';

export interface HealthShutdownOptions {
  /**
   * ms readiness stays 503 while the app keeps serving after SIGTERM, before Nest closes anything. Default: 5000 in
   * Kubernetes for apps that serve requests (an HTTP adapter or a gRPC transport), else 0.
   */
  drainMs?: number;
}

/** How much each check remembers for the operator view; memory stays bounded whatever the uptime. */
export interface HealthHistoryOptions {
  /** the last runs kept per check (`at`, state, `latency_ms`); 60 */
  runs?: number;
  /** the last transitions kept per check (`at`, from, to, full reason); 20 */
  transitions?: number;
}

export interface HealthMetricsOptions {
  /** a prom-client Registry; the default registry otherwise */
  registry?: unknown;
  /** also record through @opentelemetry/api (the SDK the app registers); default false */
  otel?: boolean;
  /** export through prom-client; default true, false (with otel: true) for OpenTelemetry only */
  prometheus?: boolean;
}

/** `metrics` resolved: which exporters are on. */
export interface ResolvedMetricsOptions {
  readonly registry?: unknown;
  readonly otel: boolean;
  readonly prometheus: boolean;
}

/** Options read at runtime: in forRoot, or returned by forRootAsync's useFactory. */
export interface HealthModuleOptions {
  version?: string;
  defaults?: Partial<HealthCheckDefaults>;
  exposeErrors?: boolean;
  shutdown?: HealthShutdownOptions;
  token?: string;
  metrics?: boolean | HealthMetricsOptions;
  /** the grpc.health.v1 service of `nestjs-health/grpc`: extra service names and their checks */
  grpc?: GrpcHealthModuleOptions;
  /** per-check history for the deep route's `?history` and HTML view; `false` keeps none */
  history?: boolean | HealthHistoryOptions;
  logger?: LoggerService | false;
}

export type ResolvedHistoryOptions = Readonly<Required<HealthHistoryOptions>>;

export interface ResolvedHealthOptions {
  version?: string;
  defaults: HealthCheckDefaults;
  exposeErrors: boolean;
  /** the drain given in `shutdown.drainMs`; without it the lifecycle applies `defaultDrainMs` by kind of app */
  drainMs?: number;
  /** 5000 in Kubernetes (KUBERNETES_SERVICE_HOST set), else 0: the default for apps that serve requests */
  defaultDrainMs: number;
  token?: string;
  metrics: false | ResolvedMetricsOptions;
  grpc: ResolvedGrpcHealthOptions;
  history: false | ResolvedHistoryOptions;
  logger?: LoggerService | false;
}

const KUBERNETES_DRAIN_MS = 5000;
export const DEFAULT_HISTORY: ResolvedHistoryOptions = Object.freeze({ runs: 60, transitions: 20 });
// caps keep a typo (runs: 1e9) from becoming memory per check; transitions carry reasons of up to ~1 KB each
const HISTORY_LIMITS: ResolvedHistoryOptions = Object.freeze({ runs: 1000, transitions: 200 });
const KEYS = {
  options: new Set(['version', 'defaults', 'exposeErrors', 'shutdown', 'token', 'metrics', 'grpc', 'history', 'logger']),
  defaults: new Set(['critical', 'ttl', 'timeout']),
  shutdown: new Set(['drainMs']),
  metrics: new Set(['registry', 'otel', 'prometheus']),
  history: new Set(['runs', 'transitions']),
} satisfies Record<string, ReadonlySet<string>>;

const rule = (option: string, value: unknown): RuleFailure => (text) => new Error(optionMessages.invalid(option, text, value));

/** An object option: refused when it is not an object or carries a key the module does not know. */
function objectOption(option: string, value: unknown, known: ReadonlySet<string>, shape: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw rule(option, value)(`must be an object such as ${shape}`);
  const key = unknownKey(value, known);
  if (key !== undefined) throw new Error(optionMessages.unknownKey(option, key, known));
  return value;
}

/** Validates the runtime options (unknown keys at every level refused) and applies their defaults. */
export function resolveModuleOptions(options: unknown = {}, env: NodeJS.ProcessEnv = process.env): ResolvedHealthOptions {
  if (options === undefined) options = {};
  if (!isPlainObject(options)) throw new Error(optionMessages.notAnObject(options));
  const key = unknownKey(options, KEYS.options);
  if (key !== undefined) throw new Error(optionMessages.unknownKey(undefined, key, KEYS.options));
  const given = options as HealthModuleOptions;
  const defaults = resolveDefaults(given.defaults);
  const shutdown = given.shutdown === undefined ? {} : objectOption('shutdown', given.shutdown, KEYS.shutdown, '{ drainMs }');
  const { drainMs } = shutdown;
  if (drainMs !== undefined) requireTimerDuration(drainMs, rule('shutdown.drainMs', drainMs));
  if (given.exposeErrors !== undefined) requireBoolean(given.exposeErrors, rule('exposeErrors', given.exposeErrors));
  const { logger } = given;
  if (logger !== undefined && logger !== false && typeof (logger as { log?: unknown } | null)?.log !== 'function') {
    throw rule('logger', logger)('must be a Nest LoggerService (with a log method) or false');
  }
  if (given.version !== undefined && typeof given.version !== 'string') throw rule('version', given.version)('must be a string');
  return {
    version: given.version ?? env.APP_VERSION ?? env.npm_package_version,
    defaults,
    exposeErrors: given.exposeErrors === true,
    drainMs: drainMs as number | undefined,
    defaultDrainMs: env.KUBERNETES_SERVICE_HOST ? KUBERNETES_DRAIN_MS : 0,
    token: resolveToken(given.token ?? env.HEALTH_TOKEN, given.token !== undefined),
    metrics: resolveMetrics(given.metrics),
    grpc: resolveGrpcOptions(given.grpc),
    history: resolveHistory(given.history),
    logger,
  };
}

function resolveDefaults(value: unknown): HealthCheckDefaults {
  if (value === undefined) return { ...DEFAULT_CHECK_OPTIONS };
  const given = objectOption('defaults', value, KEYS.defaults, '{ critical, ttl, timeout }');
  const defaults = { ...DEFAULT_CHECK_OPTIONS, ...given } as HealthCheckDefaults;
  requireBoolean(defaults.critical, rule('defaults.critical', defaults.critical));
  requireDuration(defaults.ttl, rule('defaults.ttl', defaults.ttl));
  requirePositiveTimerDuration(defaults.timeout, rule('defaults.timeout', defaults.timeout));
  return defaults;
}

/**
 * A secret read from a mounted file or an environment variable often ends in a newline: surrounding whitespace
 * is trimmed and a blank token is no token; whitespace inside one is refused, since no Bearer header can carry it.
 */
function resolveToken(value: unknown, fromOptions: boolean): string | undefined {
  if (value === undefined) return undefined;
  const source = fromOptions ? 'token' : 'token (from HEALTH_TOKEN)';
  if (typeof value !== 'string') throw rule(source, value)('must be a string');
  const token = value.trim();
  if (/\s/.test(token)) throw new Error(optionMessages.tokenWithWhitespace(source));
  return token === '' ? undefined : token;
}

function resolveMetrics(value: unknown): false | ResolvedMetricsOptions {
  if (value === undefined || value === false) return false;
  if (value === true) return { otel: false, prometheus: true };
  if (!isPlainObject(value)) throw rule('metrics', value)('must be true, false or { registry, otel, prometheus }');
  const { registry, otel = false, prometheus = true } = objectOption('metrics', value, KEYS.metrics, '{ registry, otel, prometheus }');
  requireBoolean(otel, rule('metrics.otel', otel));
  requireBoolean(prometheus, rule('metrics.prometheus', prometheus));
  if (!prometheus && !otel) throw new Error(optionMessages.metricsExportNothing());
  if (!prometheus && registry !== undefined) throw new Error(optionMessages.registryWithoutPrometheus());
  return registry === undefined ? { otel, prometheus } : { registry, otel, prometheus };
}

function resolveHistory(value: unknown): false | ResolvedHistoryOptions {
  if (value === false) return false;
  if (value === undefined || value === true) return DEFAULT_HISTORY;
  if (!isPlainObject(value)) throw rule('history', value)('must be false, true or { runs, transitions }');
  const given = objectOption('history', value, KEYS.history, '{ runs, transitions }');
  // an undefined key keeps its default, as a value read from unset configuration would
  const count = (key: keyof ResolvedHistoryOptions): number => {
    const chosen = given[key] === undefined ? DEFAULT_HISTORY[key] : given[key];
    if (!Number.isInteger(chosen) || (chosen as number) < 0 || (chosen as number) > HISTORY_LIMITS[key]) {
      throw rule(`history.${key}`, chosen)(`must be a whole number from 0 to ${HISTORY_LIMITS[key]}`);
    }
    return chosen as number;
  };
  return Object.freeze({ runs: count('runs'), transitions: count('transitions') });
}
