import { isPlainObject, unknownKey } from '../checks/option-rules.js';
import { optionMessages } from '../health-options.messages.js';
import { grpcMessages } from './grpc-health.messages.js';
import { DEFAULT_MAX_WATCH_STREAMS, MAX_SERVICE_NAME_BYTES } from './grpc-health.limits.js';

/** The runtime option `grpc` of HealthModule, read by the grpc.health.v1 service of `nestjs-health/grpc`. */
export interface GrpcHealthModuleOptions {
  /**
   * Extra service names and the checks each depends on, e.g. `{ 'hero.HeroService': ['database'] }`: SERVING
   * iff the app is started, not shutting down, and none of those checks has failed (critical or not).
   */
  services?: Readonly<Record<string, readonly string[]>>;
  /** Watch streams open at once on one gRPC server; more are answered RESOURCE_EXHAUSTED. Default 1000. */
  maxWatchStreams?: number;
}

export interface ResolvedGrpcHealthOptions {
  readonly services: ReadonlyMap<string, readonly string[]>;
  readonly maxWatchStreams: number;
}

/** Names the service always answers to; `grpc.services` cannot redefine them. */
export const STANDARD_SERVICE_NAMES = ['', 'readiness', 'liveness', 'startup'] as const;

const KEYS: ReadonlySet<string> = new Set(['services', 'maxWatchStreams']);

/** Validates the `grpc` module option (shape only: whether the named checks exist is known at bootstrap). */
export function resolveGrpcOptions(value: unknown): ResolvedGrpcHealthOptions {
  const fail = (option: string, rule: string, given: unknown) => new Error(optionMessages.invalid(option, rule, given));
  if (value === undefined) return { services: new Map(), maxWatchStreams: DEFAULT_MAX_WATCH_STREAMS };
  if (!isPlainObject(value)) throw fail('grpc', "must be an object such as { services: { 'hero.HeroService': ['database'] } }", value);
  const unknown = unknownKey(value, KEYS);
  if (unknown !== undefined) throw new Error(optionMessages.unknownKey('grpc', unknown, KEYS));
  const maxWatchStreams = value.maxWatchStreams ?? DEFAULT_MAX_WATCH_STREAMS;
  if (typeof maxWatchStreams !== 'number' || !Number.isInteger(maxWatchStreams) || maxWatchStreams < 1) {
    throw fail('grpc.maxWatchStreams', 'must be a whole number, 1 or more', maxWatchStreams);
  }
  const services = new Map<string, readonly string[]>();
  const given = value.services ?? {};
  if (!isPlainObject(given)) throw fail('grpc.services', "must be an object such as { 'hero.HeroService': ['database'] }", given);
  for (const [name, checks] of Object.entries(given)) {
    const option = `grpc.services[${JSON.stringify(name)}]`;
    if ((STANDARD_SERVICE_NAMES as readonly string[]).includes(name)) throw new Error(grpcMessages.reservedServiceName(name));
    if (Buffer.byteLength(name, 'utf8') > MAX_SERVICE_NAME_BYTES) {
      throw fail(option, `is a service name longer than ${MAX_SERVICE_NAME_BYTES} bytes, which clients are refused; use a shorter name`, name);
    }
    if (!Array.isArray(checks) || checks.some((check) => typeof check !== 'string' || check === '')) {
      throw fail(option, 'must be an array of check names', checks);
    }
    services.set(name, [...new Set(checks as string[])]);
  }
  return { services, maxWatchStreams };
}
