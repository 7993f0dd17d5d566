import { describe, expect, it } from '@jest/globals';
import { authenticationChallenge, TokenCredentials } from '../../src/http/token-credentials.js';
import { withApp } from '../e2e/core-boot.js';
import { PLATFORMS } from '../support/http-app.js';
import { basic, bearer, BROWSER_ACCEPT, operatorApp, TOKEN } from './operator-app.js';

describe('the token rule (TokenCredentials)', () => {
  const credentials = new TokenCredentials(TOKEN);

  it('accepts the token as a Bearer token or as the Basic password, under any user name', () => {
    expect(credentials.accepts(bearer())).toBe(true);
    expect(credentials.accepts(basic('operator', TOKEN))).toBe(true);
    expect(credentials.accepts(basic('', TOKEN))).toBe(true);
    expect(credentials.accepts(`basic   ${Buffer.from(`x:${TOKEN}`).toString('base64')}  `)).toBe(true);
  });

  it('refuses anything else', () => {
    for (const header of [
      undefined,
      '',
      basic('operator', 'wrong'),
      basic(TOKEN, ''), // the token as user name, not as password
      `Basic ${Buffer.from(TOKEN).toString('base64')}`, // no colon: no password at all
      'Basic !!!not-base64!!!',
      basic('operator', `${TOKEN}x`),
      basic('operator', TOKEN.slice(0, -1)),
      `Digest ${TOKEN}`,
      TOKEN,
    ]) {
      expect({ header, accepted: credentials.accepts(header) }).toEqual({ header, accepted: false });
    }
    expect(credentials.accepts([bearer()])).toBe(false);
  });

  it('keeps the password whole when it contains a colon', () => {
    expect(new TokenCredentials('a:b:c').accepts(basic('user', 'a:b:c'))).toBe(true);
  });

  it('challenges a browser with Basic and everyone else with Bearer', () => {
    expect(authenticationChallenge(BROWSER_ACCEPT)).toBe('Basic realm="health"');
    expect(authenticationChallenge('text/html')).toBe('Basic realm="health"');
    expect(authenticationChallenge(['application/json', 'text/html'])).toBe('Bearer realm="health"');
    for (const accept of [undefined, '*/*', 'application/json', 'application/health+json', 'text/html;q=0', 'text/plain']) {
      expect({ accept, challenge: authenticationChallenge(accept) }).toEqual({ accept, challenge: 'Bearer realm="health"' });
    }
  });
});

describe.each(PLATFORMS)('HealthTokenGuard with Basic credentials on %s', (platform) => {
  it('lets a browser in with the token as its Basic password, page and JSON alike', async () => {
    await withApp(platform, operatorApp(), async (app) => {
      const page = await app.get('/health/deep', { headers: { authorization: basic('anyone', TOKEN), accept: BROWSER_ACCEPT } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const json = await app.get('/health/deep?history', { headers: { authorization: basic('ops', TOKEN) } });
      expect(json.status).toBe(200);
      expect(json.json().checks.database.history.runs.length).toBeGreaterThan(0);
    });
  });

  it('asks a browser for Basic credentials (401 + WWW-Authenticate: Basic) when it has none or wrong ones', async () => {
    await withApp(platform, operatorApp(), async (app) => {
      for (const authorization of [undefined, basic('ops', 'wrong'), bearer('wrong')]) {
        const headers: Record<string, string> = { accept: BROWSER_ACCEPT, ...(authorization ? { authorization } : {}) };
        const refused = await app.get('/health/deep', { headers });
        expect({ authorization, status: refused.status, challenge: refused.headers.get('www-authenticate') }).toEqual({
          authorization,
          status: 401,
          challenge: 'Basic realm="health"',
        });
        expect(refused.headers.get('cache-control')).toBe('no-store');
        expect(refused.text).not.toContain('database');
      }
    });
  });

  it('keeps the Bearer challenge for curl, the kubelet and JSON clients', async () => {
    await withApp(platform, operatorApp(), async (app) => {
      for (const accept of [undefined, '*/*', 'application/json']) {
        const refused = await app.get('/health/deep', { headers: accept === undefined ? {} : { accept } });
        expect({ accept, status: refused.status, challenge: refused.headers.get('www-authenticate') }).toEqual({
          accept,
          status: 401,
          challenge: 'Bearer realm="health"',
        });
      }
      expect((await app.get('/health/deep', { headers: { authorization: bearer() } })).status).toBe(200);
    });
  });
});
