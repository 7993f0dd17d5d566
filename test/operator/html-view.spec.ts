import { describe, expect, it } from '@jest/globals';
import { withApp } from '../e2e/core-boot.js';
import { PLATFORMS, type RunningApp } from '../support/http-app.js';
import { bearer, BROWSER_ACCEPT, Dependencies, operatorApp, PAYLOAD } from './operator-app.js';

const browser = { authorization: bearer(), accept: BROWSER_ACCEPT };
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

async function warmUp(app: RunningApp): Promise<void> {
  const dependencies = app.app.get(Dependencies);
  for (let i = 0; i < 4; i++) await app.get('/health/ready');
  dependencies.databaseUp = false;
  await app.get('/health/ready');
  dependencies.databaseUp = true;
  await app.get('/health/ready');
}

/** Every URL-bearing attribute in the page: only `data:` may appear, so nothing is loaded from anywhere. */
const urlAttributes = (page: string) =>
  [...page.matchAll(/<[a-z][^>]*>/gi)].flatMap(([tag]) =>
    [...tag.matchAll(/\s(?:src|href|action|srcset|xlink:href|formaction|poster|data)=("[^"]*"|'[^']*'|[^\s>]+)/gi)].map((match) => match[1]),
  );

describe.each(PLATFORMS)('the HTML view of the deep route on %s', (platform) => {
  it('answers a browser with a self-contained page under the security headers', async () => {
    await withApp(platform, operatorApp(), async (app) => {
      await warmUp(app);
      const page = await app.get('/health/deep', { headers: browser });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toBe(CSP);
      expect(page.headers.get('vary')).toBe('Accept');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');

      const html = page.text;
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(html).toMatch(/<meta http-equiv="refresh" content="\d+">/);
      expect(html).not.toMatch(/<script|<link rel="stylesheet"|<iframe|<img|@import|url\(/i);
      expect(urlAttributes(html)).toEqual(['"data:,"']);
      for (const name of ['database', 'cache']) expect(html).toContain(`<h2>${name}</h2>`);
      // the database sparkline: six ready runs and the deep run, one failed among them
      const databaseCard = html.slice(html.indexOf('<h2>database</h2>'), html.indexOf('<h2>cache</h2>'));
      expect(databaseCard.match(/<rect /g)).toHaveLength(7);
      expect(databaseCard.match(/data-state="failed"/g)).toHaveLength(1);
      expect(databaseCard).toContain('healthy → <strong>failed</strong><p class="reason">connect ECONNREFUSED 127.0.0.1:5432</p>');
      expect(databaseCard).toContain('pool_available');
      expect(html).toContain('<h2>System</h2>');
      expect(html).toMatch(/rendered <time datetime="[^"]+">/);
    });
  });

  it('shows injected names, reasons and details as text, never as markup', async () => {
    await withApp(platform, operatorApp(), async (app) => {
      const html = (await app.get('/health/deep', { headers: browser })).text;
      for (const value of Object.values(PAYLOAD)) expect(html).not.toContain(value);
      expect(html).toContain('<h2>&lt;img src=x onerror=alert(1)&gt;</h2>');
      expect(html).toContain('&lt;/style&gt;&lt;script&gt;alert(2)&lt;/script&gt;&lt;!--');
      expect(html).toContain('<dt>&quot;&gt;&lt;svg onload=alert(3)&gt;</dt><dd><code>&#39;&gt;&lt;iframe src=javascript:alert(4)&gt;&lt;/iframe&gt;</code></dd>');
      // one style element, closed once: the reason did not end it
      expect(html.match(/<\/style>/g)).toHaveLength(1);
      expect(html).not.toMatch(/<(img|script|svg onload|iframe)/i);
    });
  });

  it('leaves curl, the kubelet and JSON clients with JSON, and every public route without a page', async () => {
    await withApp(platform, operatorApp(), async (app) => {
      for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html;q=0.5']) {
        const headers: Record<string, string> = { authorization: bearer(), ...(accept === undefined ? {} : { accept }) };
        const deep = await app.get('/health/deep', { headers });
        expect({ accept, type: deep.headers.get('content-type') }).toEqual({ accept, type: 'application/json; charset=utf-8' });
        expect(deep.headers.get('vary')).toBe('Accept');
      }
      for (const route of ['live', 'ready', 'startup']) {
        const answer = await app.get(`/health/${route}`, { headers: { accept: BROWSER_ACCEPT } });
        expect({ route, type: answer.headers.get('content-type') }).toEqual({ route, type: 'application/json; charset=utf-8' });
        expect(answer.headers.get('content-security-policy')).toBeNull();
      }
    });
  });

  it('lets ?verbose win over a browser’s Accept, and answers HEAD with the page’s headers and no body', async () => {
    await withApp(platform, operatorApp(), async (app) => {
      const verbose = await app.get('/health/deep?verbose', { headers: browser });
      expect(verbose.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      const head = await app.get('/health/deep', { method: 'HEAD', headers: browser });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-security-policy')).toBe(CSP);
      expect(head.text).toBe('');
    });
  });

  it('says so on the page when no history is kept', async () => {
    await withApp(platform, operatorApp({ history: false }), async (app) => {
      const html = (await app.get('/health/deep', { headers: browser })).text;
      expect(html).toContain('No history is kept');
      expect(html).not.toContain('<svg');
    });
  });

  it('shows a failing deep view with its 503 status', async () => {
    await withApp(platform, operatorApp(), async (app) => {
      app.app.get(Dependencies).databaseUp = false;
      const page = await app.get('/health/deep', { headers: browser });
      expect(page.status).toBe(503);
      expect(page.text).toContain('<span class="badge">not_ready</span>');
      expect(page.text).toContain('<header class="overall failed">');
    });
  });
});
