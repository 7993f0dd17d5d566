// scheme://[userinfo@]rest[?query][#fragment], wherever it appears in a text
const URL_IN_TEXT = /([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/@?#]*@)?([^\s?#]*)(?:\?[^\s#]*)?(?:#\S*)?/gi;
const UNPARSABLE = '(an unparsable URL)';

/** What a message may say of a URL the user gave: scheme, host and path only; nothing of one that does not parse. */
export function displayUrl(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return UNPARSABLE;
  }
}

/**
 * An error text fit for a log line or a deep view: the URL the user gave replaced by its display form wherever it
 * is quoted (undici quotes URLs with credentials, and unparsable ones, whole), and every other URL in it without
 * userinfo (credentials), query string or fragment (often tokens).
 */
export function redactUrls(text: string, given?: string | URL): string {
  const raw = given === undefined ? '' : String(given);
  const quoted = raw === '' ? text : text.split(raw).join(displayUrl(raw));
  return quoted.replace(URL_IN_TEXT, '$1$2');
}
