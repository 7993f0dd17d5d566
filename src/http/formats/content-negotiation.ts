export const HEALTH_JSON = 'application/health+json';
export type HealthFormat = 'json' | 'health+json' | 'verbose' | 'html';

/**
 * `?verbose` wins; then, on the deep route only, a browser's `text/html` gets the operator page; only an explicit
 * `Accept: application/health+json` switches to the IETF draft; else JSON.
 */
export function chooseFormat(verbose: boolean, accept: string | undefined, htmlAllowed = false): HealthFormat {
  if (verbose) return 'verbose';
  if (htmlAllowed && prefersHtml(accept)) return 'html';
  // the kubelet's `*/*` is shorter than the media type: no regex on the hot path
  if (accept !== undefined && accept.length >= HEALTH_JSON.length && HEALTH_JSON_PATTERN.test(accept) && prefersHealthJson(accept)) {
    return 'health+json';
  }
  return 'json';
}

const HEALTH_JSON_PATTERN = /application\/health\+json/i;
const HTML_PATTERN = /text\/html/i;

/**
 * Whether the client asks for a page: `text/html` named explicitly (a browser's navigation) and weighted above
 * either JSON type. The kubelet and curl (a wildcard Accept) and `application/json` clients never get one.
 */
export function prefersHtml(accept: string | readonly string[] | undefined): boolean {
  const header = typeof accept === 'string' ? accept : accept?.join(',');
  if (header === undefined || !HTML_PATTERN.test(header)) return false;
  const weights = acceptWeights(header);
  return weights.html > 0 && weights.html > Math.max(weights.json, weights.healthJson);
}

/** Honours q-values: `application/health+json;q=0` refuses it, a higher-q `application/json` outranks it. */
function prefersHealthJson(accept: string): boolean {
  const { healthJson, json } = acceptWeights(accept);
  return healthJson > 0 && healthJson >= json;
}

interface AcceptWeights {
  html: number;
  json: number;
  healthJson: number;
}

/** The highest q each type we serve is named with; -1 when it is not named. */
function acceptWeights(accept: string): AcceptWeights {
  const weights: AcceptWeights = { html: -1, json: -1, healthJson: -1 };
  for (const range of accept.toLowerCase().split(',')) {
    const [type, ...params] = range.split(';').map((part) => part.trim());
    const q = params.find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2)) || 0;
    if (type === HEALTH_JSON) weights.healthJson = Math.max(weights.healthJson, weight);
    else if (type === 'application/json') weights.json = Math.max(weights.json, weight);
    else if (type === 'text/html') weights.html = Math.max(weights.html, weight);
  }
  return weights;
}
