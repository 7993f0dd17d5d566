/** The subset of an OpenAPI 3 schema object the health routes' documentation uses. */
export interface SchemaObject {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  format?: string;
  enum?: string[];
  nullable?: boolean;
  description?: string;
  example?: unknown;
  required?: string[];
  properties?: Record<string, SchemaObject>;
  additionalProperties?: boolean | SchemaObject;
  items?: SchemaObject;
}

const string = (description?: string): SchemaObject => ({ type: 'string', ...(description ? { description } : {}) });
const number = (description: string): SchemaObject => ({ type: 'number', description });

/** One entry of `checks` in the default JSON body. */
export const CHECK_ENTRY_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['healthy', 'latency_ms'],
  additionalProperties: true,
  description: 'Details the check returned are added as further keys (e.g. pool_size)',
  properties: {
    healthy: { type: 'boolean', description: 'false only for a failed critical check' },
    degraded: { type: 'boolean', description: 'a non-critical check failed, or a check reported degraded' },
    error: string('why a critical check failed; "reason withheld" on public routes when it was thrown'),
    message: string('why a check is degraded; "reason withheld" on public routes when it was thrown'),
    failing: string('"k/N" while failAfter still tolerates consecutive failures'),
    latency_ms: number('duration of the run that produced this result'),
    checked_at: { type: 'string', format: 'date-time', description: 'deep route only' },
    cached: { type: 'boolean', description: 'deep route only: the result came from a background run' },
  },
};

export const DEEP_SYSTEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['cpu_percent', 'memory_percent', 'disk_percent', 'heap_used_mb', 'rss_mb', 'event_loop_delay_ms', 'pid', 'node'],
  properties: {
    cpu_percent: number('this process over the last second, against the cgroup CPU limit or the host cores'),
    memory_percent: number('working set against the cgroup memory limit, else host memory in use'),
    disk_percent: { type: 'number', nullable: true, description: 'used space of the working directory file system' },
    heap_used_mb: number('V8 heap in use'),
    rss_mb: number('resident set size'),
    event_loop_delay_ms: number('event-loop delay p99 over the last second'),
    pid: { type: 'integer' },
    node: string('Node.js version'),
  },
};

export function probeBodySchema(statuses: string[], parts: { checks: boolean; system?: SchemaObject }): SchemaObject {
  const properties: Record<string, SchemaObject> = {
    status: { type: 'string', enum: statuses },
    version: string('APP_VERSION or npm_package_version; omitted when unknown'),
    uptime_seconds: { type: 'integer' },
  };
  if (parts.checks) properties.checks = { type: 'object', additionalProperties: CHECK_ENTRY_SCHEMA };
  if (parts.system) properties.system = parts.system;
  return { type: 'object', required: parts.system ? ['status', 'uptime_seconds', 'system'] : ['status', 'uptime_seconds'], properties };
}

/** draft-inadarei-api-health-check, as `Accept: application/health+json` gets it. */
export function healthJsonSchema(statuses: string[]): SchemaObject {
  const status: SchemaObject = { type: 'string', enum: ['pass', 'warn', 'fail'] };
  return {
    type: 'object',
    required: ['status'],
    properties: {
      status: { ...status, enum: statuses },
      version: string(),
      description: string(),
      output: string('present only when the probe fails'),
      checks: {
        type: 'object',
        description: 'keyed "name:responseTime" (deep adds "cpu:utilization", "memory:utilization", "disk:utilization")',
        additionalProperties: {
          type: 'array',
          items: {
            type: 'object',
            required: ['status'],
            properties: {
              componentId: string(),
              componentType: string(),
              observedValue: { type: 'number' },
              observedUnit: string(),
              status,
              time: { type: 'string', format: 'date-time' },
              output: string('present only for warn and fail; a thrown reason reads "reason withheld" on public routes'),
            },
          },
        },
      },
    },
  };
}

export const VERBOSE_TEXT_SCHEMA: SchemaObject = {
  type: 'string',
  example: '[+]database ok\n[-]cache failed: reason withheld\nreadyz check passed\n',
};

/** The deep route's operator page, for a browser's Accept: a self-contained HTML document. */
export const OPERATOR_PAGE_SCHEMA: SchemaObject = { type: 'string', example: '<!doctype html>…' };

/** Nest's own exception body, as guards produce it. */
export const ERROR_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  properties: { statusCode: { type: 'integer' }, message: string(), error: string() },
};
