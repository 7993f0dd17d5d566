export const HEALTH_JSON = 'application/health+json';
export type HealthFormat = 'json' | 'health+json' | 'verbose';

/** `?verbose` wins; only an explicit `Accept: application/health+json` switches to the IETF draft; else JSON. */
export function chooseFormat(verbose: boolean, accept: string | undefined): HealthFormat {
  if (verbose) return 'verbose';
  // the kubelet's `*/*` is shorter than the media type: no regex on the hot path
  if (accept !== undefined && accept.length >= HEALTH_JSON.length && HEALTH_JSON_PATTERN.test(accept) && prefersHealthJson(accept)) {
    return 'health+json';
  }
  return 'json';
}

const HEALTH_JSON_PATTERN = /application\/health\+json/i;

/** Honours q-values: `application/health+json;q=0` refuses it, a higher-q `application/json` outranks it. */
function prefersHealthJson(accept: string): boolean {
  let healthQ = 0;
  let jsonQ = -1;
  for (const range of accept.toLowerCase().split(',')) {
    const [type, ...params] = range.split(';').map((part) => part.trim());
    const q = params.find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2)) || 0;
    if (type === HEALTH_JSON) healthQ = Math.max(healthQ, weight);
    else if (type === 'application/json') jsonQ = Math.max(jsonQ, weight);
  }
  return healthQ > 0 && healthQ >= jsonQ;
}
