import { setTimeout as sleep } from 'node:timers/promises';
import { HealthModule, HealthService } from '../../../src/index.js';
import { startApp, type RunningApp } from '../../support/http-app.js';
import { bootKind, dependency, ProbedChecks, SECRET, stable, TOKEN, type AppKind, type RunningKind } from './probe-apps.js';

const PROBE_PATHS = ['/health/live', '/health/ready', '/health/startup'];
const FORMATS: [string, string, Record<string, string>][] = [
  ['json', '', {}],
  ['health+json', '', { Accept: 'application/health+json' }],
  ['verbose text', '?verbose', {}],
  ['the kubelet\'s Accept', '', { Accept: '*/*' }],
];

/**
 * What the probe server must do in every kind of app: answer exactly as the mounted routes do (compared with a
 * reference app that mounts them), HEAD, no-store everywhere, the deep route behind the token, and nothing for
 * paths and methods it does not serve.
 */
export function describeProbeServerContract(kind: AppKind, thread: boolean): void {
  describe(`the probe server${thread ? ' in thread mode' : ''} in ${kind === 'context' ? 'an application context' : kind === 'microservice (Redis)' ? 'a Redis-transport microservice' : `an HTTP app on ${kind}`}`, () => {
    let served: RunningKind;
    let mounted: RunningApp;

    beforeAll(async () => {
      const checks = { providers: [ProbedChecks] };
      served = await bootKind(kind, { imports: [HealthModule.forRoot({ server: { port: 0, thread }, token: TOKEN, logger: false })], ...checks });
      mounted = await startApp('fastify', { imports: [HealthModule.forRoot({ logger: false })], ...checks });
    });
    afterAll(async () => {
      await served?.close();
      await mounted?.close();
    });
    afterEach(() => {
      dependency.up = true;
    });

    async function setDependency(up: boolean): Promise<void> {
      dependency.up = up;
      if (!thread) return;
      // the worker answers from the published reports whenever Jest's own loop misses a beat: run the checks
      // once on the main thread first, so the published reports already hold the new state
      for (const probe of ['live', 'ready'] as const) await served.app.get(HealthService).check(probe);
      await sleep(20);
    }

    it('answers live, ready and startup with the mounted routes\' status codes, bodies and formats, healthy and not', async () => {
      for (const up of [true, false]) {
        await setDependency(up);
        for (const path of PROBE_PATHS) {
          for (const [format, query, headers] of FORMATS) {
            const [ours, reference] = await Promise.all([served.probe(`${path}${query}`, { headers }), mounted.get(`${path}${query}`, { headers })]);
            const context = { up, path, format };
            expect({ ...context, status: ours.status, type: ours.headers.get('content-type') }).toEqual({
              ...context,
              status: reference.status,
              type: reference.headers.get('content-type'),
            });
            const body = (answer: typeof ours) => (format === 'verbose text' ? answer.text : stable(answer.text));
            expect({ ...context, body: body(ours) }).toEqual({ ...context, body: body(reference) });
            expect(ours.text).not.toContain(SECRET);
          }
        }
      }
      // the comparison saw both outcomes
      await setDependency(false);
      expect((await served.probe('/health/ready')).status).toBe(503);
    });

    it('answers HEAD on every route with the GET\'s status and headers and no body', async () => {
      for (const path of [...PROBE_PATHS, '/health/deep']) {
        const headers = { Authorization: `Bearer ${TOKEN}` };
        const [get, head] = await Promise.all([served.probe(path, { headers }), served.probe(path, { method: 'HEAD', headers })]);
        expect({ path, status: head.status, body: head.text }).toEqual({ path, status: get.status, body: '' });
        for (const name of ['content-type', 'cache-control']) expect({ path, name, value: head.headers.get(name) }).toEqual({ path, name, value: get.headers.get(name) });
        // the length of the body a GET would get (latencies in it change from one answer to the next)
        expect(Math.abs(Number(head.headers.get('content-length')) - Buffer.byteLength(get.text))).toBeLessThan(20);
      }
    });

    it('sends Cache-Control: no-store on every answer: 200, 503, 401, 404 and 405', async () => {
      await setDependency(false);
      const answers = await Promise.all([
        served.probe('/health/live'),
        served.probe('/health/ready'),
        served.probe('/health/deep'),
        served.probe('/health/nope'),
        served.probe('/health/live', { method: 'POST', body: 'x' }),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 503, 401, 404, 405]);
      for (const answer of answers) expect(answer.headers.get('cache-control')).toBe('no-store');
    });

    it('serves deep only for the token: 401 with a Bearer challenge without it, the deep view with it', async () => {
      for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, TOKEN]) {
        const answer = await served.probe('/health/deep', { headers: authorization === undefined ? {} : { Authorization: authorization } });
        expect({ authorization, status: answer.status, challenge: answer.headers.get('www-authenticate') }).toEqual({
          authorization,
          status: 401,
          challenge: 'Bearer realm="health"',
        });
        expect(answer.text).not.toContain('system');
      }
      dependency.up = false;
      const deep = await served.probe('/health/deep', { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(deep.status).toBe(503);
      const body = deep.json();
      expect(body).toMatchObject({ status: 'not_ready', system: { pid: process.pid } });
      // deep shows the full reasons, to the token holder only
      expect(body.checks.database.error).toContain(SECRET);
    });

    it('takes the token as a Basic password and serves a browser the operator page with its own headers', async () => {
      const browser = { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
      const challenged = await served.probe('/health/deep', { headers: browser });
      expect({ status: challenged.status, challenge: challenged.headers.get('www-authenticate') }).toEqual({ status: 401, challenge: 'Basic realm="health"' });
      const basic = `Basic ${Buffer.from(`operator:${TOKEN}`).toString('base64')}`;
      const page = await served.probe('/health/deep', { headers: { ...browser, Authorization: basic } });
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(page.headers.get('vary')).toBe('Accept');
      expect(page.headers.get('cache-control')).toBe('no-store');
      const history = await served.probe('/health/deep?history', { headers: { Authorization: basic } });
      expect(history.json().checks.database).toHaveProperty('history');
    });

    it('answers paths and methods it does not serve with 404 and 405, echoing nothing of the request', async () => {
      for (const path of ['/', '/health', '/health/', '/health/live/', '/HEALTH/LIVE', '/health/%6Cive', '/metrics', '/health/live;x']) {
        const answer = await served.probe(path);
        expect({ path, status: answer.status, body: answer.text }).toEqual({ path, status: 404, body: '{"message":"Not Found","statusCode":404}' });
      }
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
        const answer = await served.probe('/health/ready', { method });
        expect({ method, status: answer.status, allow: answer.headers.get('allow'), body: answer.text }).toEqual({
          method,
          status: 405,
          allow: 'GET, HEAD',
          body: '{"message":"Method Not Allowed","statusCode":405}',
        });
      }
    });
  });
}
