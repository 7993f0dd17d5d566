/**
 * The required fields of draft-inadarei-api-health-check (application/health+json), checked on a parsed body.
 * Returns the violations found; an empty list means the body conforms.
 */
const STATUSES = ['pass', 'warn', 'fail'];
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function healthJsonViolations(body: unknown): string[] {
  const problems: string[] = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return ['the body is not a JSON object'];
  const top = body as Record<string, unknown>;
  if (!STATUSES.includes(top.status as string)) problems.push(`status must be pass, warn or fail, got ${JSON.stringify(top.status)}`);
  for (const key of ['version', 'releaseId', 'serviceId', 'description', 'output']) {
    if (key in top && typeof top[key] !== 'string') problems.push(`${key} must be a string`);
  }
  // the draft: output SHOULD be omitted for the pass state
  if ('output' in top && top.status === 'pass') problems.push('output is present on a pass');
  if ('checks' in top) {
    const checks = top.checks;
    if (checks === null || typeof checks !== 'object' || Array.isArray(checks)) problems.push('checks must be an object');
    else for (const [key, value] of Object.entries(checks)) problems.push(...checkViolations(key, value));
  }
  return problems;
}

function checkViolations(key: string, value: unknown): string[] {
  const problems: string[] = [];
  if (!/^[^:]+(:[^:]+)?$/.test(key)) problems.push(`checks key ${JSON.stringify(key)} must be "component:measurement"`);
  if (!Array.isArray(value) || value.length === 0) return [...problems, `checks["${key}"] must be a non-empty array`];
  value.forEach((item: unknown, index) => {
    const where = `checks["${key}"][${index}]`;
    if (item === null || typeof item !== 'object') return problems.push(`${where} must be an object`);
    const reading = item as Record<string, unknown>;
    if (!STATUSES.includes(reading.status as string)) problems.push(`${where}.status must be pass, warn or fail`);
    if ('observedValue' in reading && typeof reading.observedUnit !== 'string') problems.push(`${where}.observedUnit must accompany observedValue`);
    if ('time' in reading && (typeof reading.time !== 'string' || !ISO_8601.test(reading.time) || Number.isNaN(Date.parse(reading.time)))) {
      problems.push(`${where}.time must be an ISO 8601 date-time`);
    }
    for (const field of ['componentId', 'componentType', 'output']) {
      if (field in reading && typeof reading[field] !== 'string') problems.push(`${where}.${field} must be a string`);
    }
    if ('output' in reading && reading.status === 'pass') problems.push(`${where}.output is present on a pass`);
  });
  return problems;
}
