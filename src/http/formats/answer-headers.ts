/** The deep route answers JSON or a page at the same URL, so caches must key on Accept (and store neither). */
export const DEEP_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  Vary: 'Accept',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
});

/**
 * The operator page: nothing may load from anywhere (inline CSS and SVG only, no script at all), nobody may frame
 * it, and no referrer leaves with a click on a link a check's details might carry.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const HTML_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...DEEP_HEADERS,
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
});
