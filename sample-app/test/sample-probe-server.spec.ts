import { freePort } from '../../test/support/throwaway-port.js';
// types only: importing the module itself here would define AppModule before HEALTH_PORT is set
import type { Answer, RunningSample } from './support/sample-app.js';

const BOOT_MS = 60_000;
const TOKEN = 'probe-server-sample-token';

/**
 * The HTTP sample with HEALTH_PORT set: the probes leave the app's port for the module's probe server (thread
 * mode). HEALTH_PORT decides which routes exist, so it is read when AppModule is defined: the variable is set
 * before this file loads the app, and removed after.
 */
describe('the HTTP sample with HEALTH_PORT: probes on the probe server, off the app', () => {
  let probePort: number;
  let startSample: (env: Record<string, string>) => Promise<RunningSample>;
  let request: (url: string, init?: RequestInit) => Promise<Answer>;
  const running: RunningSample[] = [];
  const probe = (path: string, headers: Record<string, string> = {}) => request(`http://127.0.0.1:${probePort}${path}`, { headers });
  // one boot (an embedded PostgreSQL each) for the tests that run with a token
  let withToken: Promise<RunningSample> | undefined;
  const sampleWithToken = () => (withToken ??= startSample({ HEALTH_TOKEN: TOKEN }));

  beforeAll(async () => {
    probePort = await freePort();
    process.env.HEALTH_PORT = String(probePort);
    ({ startSample, request } = await import('./support/sample-app.js'));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((sample) => sample.close()));
  });

  afterAll(async () => {
    await (await withToken)?.close();
    delete process.env.HEALTH_PORT;
  });

  it('serves live, ready and startup on HEALTH_PORT and no longer on the app’s own port, which keeps serving the API', async () => {
    const sample = await sampleWithToken();
    for (const [path, status] of [['/health/live', 'alive'], ['/health/ready', 'ready'], ['/health/startup', 'started']]) {
      const answer = await probe(path);
      expect({ path, status: answer.status, body: answer.body.status, cache: answer.headers.get('cache-control') }).toEqual({ path, status: 200, body: status, cache: 'no-store' });
      expect((await sample.get(path)).status).toBe(404);
    }
    expect(Object.keys((await probe('/health/ready')).body.checks).sort()).toEqual(['cache', 'database', 'disk_space']);
    expect((await sample.post('/notes', { title: 'served on the app port' })).status).toBe(201);
  }, BOOT_MS);

  it('serves deep there behind HEALTH_TOKEN, and not on the app: the sample’s own deep guard is not needed', async () => {
    const sample = await sampleWithToken();
    expect((await probe('/health/deep')).status).toBe(401);
    expect((await probe('/health/deep', { authorization: 'Bearer wrong' })).status).toBe(401);
    const deep = await probe('/health/deep', { authorization: `Bearer ${TOKEN}` });
    expect(deep.status).toBe(200);
    expect(deep.body).toEqual(expect.objectContaining({ status: 'ready', system: expect.objectContaining({ pid: process.pid }) }));
    expect((await sample.get('/health/deep', { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
  }, BOOT_MS);

  it('answers 404 on deep without HEALTH_TOKEN, with or without credentials, as the mounted route does', async () => {
    // the same probe port: the sample with a token makes way first
    await (await withToken)?.close();
    withToken = undefined;
    const sample = await startSample({});
    running.push(sample);
    for (const headers of [{}, { authorization: 'Bearer anything' }] as Record<string, string>[]) {
      const answer = await probe('/health/deep', headers);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    expect((await probe('/health/live')).status).toBe(200);
  }, BOOT_MS);
});
