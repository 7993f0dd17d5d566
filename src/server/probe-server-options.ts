import { PROBES, type Probe } from '../checks/check.types.js';
import { isPlainObject, requireBoolean, requirePositiveTimerDuration, unknownKey, type RuleFailure } from '../checks/option-rules.js';
import { serverMessages } from './probe-server.messages.js';

/** The static option `server`: the module's own probe server (DESIGN "Part 2"). */
export interface HealthServerOptions {
  /** Default: the HEALTH_PORT environment variable; one of the two is required. 0 picks a free port. */
  port?: number;
  /** Default: Node's (all interfaces, IPv6 and IPv4): the kubelet probes the pod IP. */
  host?: string;
  /** Serve the probes from a worker thread that answers whatever the main event loop does. */
  thread?: boolean;
  /** Thread mode: liveness fails once the main event loop has not ticked for this long (ms). Default 10 000. */
  stallMs?: number;
  /** Thread mode: readiness fails while the loop has been stalled this long (ms); `false`: never. Default 1 000. */
  readyStallMs?: number | false;
  /** Thread mode: how long the worker waits for a main thread that is ticking (ms, below 1 000). Default 200. */
  answerWithinMs?: number;
  /** Serve `GET /metrics` (prom-client text) on the probe server too. */
  metrics?: boolean;
  /** Probes also kept on the app's own HTTP server, e.g. `['ready']` for a load balancer on the serving port. */
  mountOnApp?: Probe[];
}

export interface ResolvedServerOptions {
  /** undefined: HEALTH_PORT, read when the server starts (after a config module may have loaded it) */
  readonly port?: number;
  readonly host?: string;
  readonly thread: boolean;
  readonly stallMs: number;
  readonly readyStallMs: number | false;
  readonly answerWithinMs: number;
  /** how often the main thread writes its heartbeat: min(50, readyStallMs / 5) */
  readonly tickMs: number;
  readonly metrics: boolean;
  readonly mountOnApp: readonly Probe[];
}

export const SERVER_DEFAULTS = { stallMs: 10_000, readyStallMs: 1_000, answerWithinMs: 200 } as const;
const MAX_TICK_MS = 50;
const KEYS: ReadonlySet<string> = new Set(['port', 'host', 'thread', 'stallMs', 'readyStallMs', 'answerWithinMs', 'metrics', 'mountOnApp']);
const THREAD_ONLY = ['stallMs', 'readyStallMs', 'answerWithinMs'] as const;

const rule = (option: string, value: unknown): RuleFailure => (text) => new Error(serverMessages.invalid(option, text, value));

export function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65_535;
}

export const heartbeatTickMs = (readyStallMs: number | false) => (readyStallMs === false ? MAX_TICK_MS : Math.min(MAX_TICK_MS, readyStallMs / 5));

/** Validates `server` at module definition (unknown keys refused, durations in order) and applies its defaults. */
export function resolveServerOptions(value: unknown): ResolvedServerOptions | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw new Error(serverMessages.notAnObject(value));
  const key = unknownKey(value, KEYS);
  if (key !== undefined) throw new Error(serverMessages.unknownKey(key, KEYS));
  const given = value as HealthServerOptions;
  if (given.port !== undefined && !isPort(given.port)) throw rule('port', given.port)('must be a TCP port number from 0 to 65535');
  if (given.host !== undefined && (typeof given.host !== 'string' || given.host === '')) throw rule('host', given.host)('must be a non-empty string');
  const thread = given.thread ?? false;
  requireBoolean(thread, rule('thread', thread));
  const metrics = given.metrics ?? false;
  requireBoolean(metrics, rule('metrics', metrics));
  if (!thread) {
    const threadOnly = THREAD_ONLY.find((option) => given[option] !== undefined);
    if (threadOnly !== undefined) throw new Error(serverMessages.threadOnly(threadOnly));
  }
  const { stallMs = SERVER_DEFAULTS.stallMs, readyStallMs = SERVER_DEFAULTS.readyStallMs, answerWithinMs = SERVER_DEFAULTS.answerWithinMs } = given;
  requirePositiveTimerDuration(stallMs, rule('stallMs', stallMs));
  if (readyStallMs !== false) requirePositiveTimerDuration(readyStallMs, rule('readyStallMs', readyStallMs));
  requirePositiveTimerDuration(answerWithinMs, rule('answerWithinMs', answerWithinMs));
  if (answerWithinMs >= 1000) throw rule('answerWithinMs', answerWithinMs)('must be below 1000 ms (the kubelet gives a probe 1 s by default)');
  const tickMs = heartbeatTickMs(readyStallMs);
  if (!(tickMs < stallMs) || (readyStallMs !== false && !(readyStallMs < stallMs))) {
    throw new Error(serverMessages.durationsOutOfOrder(tickMs, readyStallMs, stallMs));
  }
  return { port: given.port, host: given.host, thread, stallMs, readyStallMs, answerWithinMs, tickMs, metrics, mountOnApp: resolveMountOnApp(given.mountOnApp) };
}

function resolveMountOnApp(value: unknown): readonly Probe[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw rule('mountOnApp', value)(`must be an array of ${PROBES.join(', ')}`);
  if (value.includes('deep')) throw new Error(serverMessages.deepOnMountOnApp());
  const unknown = value.find((probe) => !(PROBES as readonly unknown[]).includes(probe));
  if (unknown !== undefined) throw rule('mountOnApp', value)(`must list only ${PROBES.join(', ')}`);
  return Object.freeze([...new Set(value as Probe[])]);
}

/** The port to listen on: `server.port`, else HEALTH_PORT; read at start so a config module may have set it. */
export function resolvePort(options: ResolvedServerOptions, env: NodeJS.ProcessEnv = process.env): number {
  if (options.port !== undefined) return options.port;
  const raw = env.HEALTH_PORT?.trim();
  if (raw === undefined || raw === '') throw new Error(serverMessages.portMissing());
  const port = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!isPort(port)) throw new Error(serverMessages.badEnvPort(raw));
  return port;
}
