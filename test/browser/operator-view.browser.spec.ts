import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { HealthRegistry } from '../../src/index.js';
import { basic, operatorApp, PAYLOAD, TOKEN } from '../operator/operator-app.js';
import { startChildApp, type ChildApp } from '../support/child-app.js';
import { startApp, type RunningApp } from '../support/http-app.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { launchChromium } from './support/chromium.js';

const SCREENSHOT = fileURLToPath(new URL('../../docs/images/operator-view.png', import.meta.url));
const DB_CHECK_INTERVAL_MS = 500;
const SAMPLE_CHECKS = ['disk_space', 'cache', 'database'];
const LONG_WORD = `unbroken-${'x'.repeat(400)}`;

let postgres: ThrowawayPostgres;
let sample: ChildApp;
let hostile: RunningApp;
let browser: Browser;
const timings: string[] = [];

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
  return performance.now() - started;
}

const readyStatus = async () => (await sample.request('/health/ready')).status;

/** A fresh browser context and page that logs every request the page makes, every dialog and every console message. */
async function openPage(options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const requests: string[] = [];
  const dialogs: string[] = [];
  const console: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => console.push(message.text()));
  return { context, page, requests, dialogs, console };
}

async function timedGoto(page: Page, url: string, label: string) {
  const started = performance.now();
  const response = await page.goto(url, { waitUntil: 'load' });
  timings.push(`${label}: loaded in ${Math.round(performance.now() - started)} ms (status ${response?.status()})`);
  return response;
}

const sampleDeep = () => `${sample.url}/health/deep`;
const credentials = { httpCredentials: { username: 'operator', password: TOKEN } };
const checkNames = (page: Page) => page.locator('article.card h2').allTextContents();

beforeAll(async () => {
  let started = performance.now();
  browser = await launchChromium();
  timings.push(`chromium launched in ${Math.round(performance.now() - started)} ms`);
  postgres = await startThrowawayPostgres();
  sample = await startChildApp({
    env: { DATABASE_URL: postgres.url, HEALTH_TOKEN: TOKEN, DB_CHECK_INTERVAL_MS: String(DB_CHECK_INTERVAL_MS), CHECK_TIMEOUT_MS: '500', DRAIN_MS: '0' },
  });
  hostile = await startApp('fastify', operatorApp({ history: { runs: 60, transitions: 20 } }));
  hostile.app.get(HealthRegistry).register('long_reason', () => ({ healthy: false, error: LONG_WORD, [LONG_WORD]: LONG_WORD }), { critical: false });
  await waitFor('the sample app ready on its database', async () => (await readyStatus()) === 200);
  // the committed screenshot shows a fuller window of runs around the outage
  const settleMs = process.env.WRITE_SCREENSHOT === '1' ? 12_000 : 0;
  await sleep(settleMs);

  // the dependency dies and comes back: the history holds failed runs between healthy ones
  started = performance.now();
  await postgres.kill();
  await waitFor('readiness failing without the database', async () => (await readyStatus()) === 503);
  await sleep(3 * DB_CHECK_INTERVAL_MS);
  await postgres.start();
  await waitFor('readiness back with the database', async () => (await readyStatus()) === 200);
  await sleep(2 * DB_CHECK_INTERVAL_MS + settleMs / 2);
  timings.push(`database killed and restored, sample ready again, in ${Math.round(performance.now() - started)} ms`);
}, 120_000);

afterAll(async () => {
  console.log(`browser suite timings:\n  ${timings.join('\n  ')}`);
  await Promise.allSettled([browser?.close(), sample?.kill(), hostile?.close(), postgres?.destroy()]);
}, 30_000);

describe('the operator view in a real Chromium', () => {
  it("renders every check of the sample app and its database's outage in the sparkline and the timeline, asking for nothing but the page", async () => {
    const { context, page, requests, console: messages } = await openPage({ ...credentials, viewport: { width: 1280, height: 900 } });
    const response = await timedGoto(page, sampleDeep(), 'sample deep page, Basic challenge answered by the browser');

    // Chromium hands credentials over only when a response challenges for a scheme it knows: Basic, not Bearer
    expect(response?.status()).toBe(200);
    expect(new Set(requests)).toEqual(new Set([sampleDeep()]));
    expect(messages).toEqual([]);

    expect(await checkNames(page)).toEqual(SAMPLE_CHECKS);
    const database = page.locator('article.card', { has: page.locator('h2', { hasText: /^database$/ }) });
    // one bar per run the caption counts: healthy ones before the outage, failed ones, healthy ones after
    const caption = await database.locator('figcaption').textContent();
    const runs = Number(/^Last (\d+) runs/.exec(caption ?? '')?.[1]);
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(await database.locator('svg.spark rect').count()).toBe(runs);
    expect(await database.locator('svg.spark rect[data-state="failed"]').count()).toBeGreaterThan(0);
    expect(await database.locator('svg.spark rect[data-state="healthy"]').count()).toBeGreaterThan(0);
    const box = await database.locator('svg.spark').boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBeGreaterThan(30);
    const timeline = await database.locator('ol.timeline li').allTextContents();
    expect(timeline.some((line) => line.includes('healthy → failed'))).toBe(true);
    expect(timeline[0]).toContain('failed → healthy');
    expect(await database.locator('ol.timeline li.failed p.reason').first().textContent()).not.toBe('');
    expect(await page.locator('section.system dt').allTextContents()).toContain('event_loop_delay_ms');
    expect(await page.locator('header.overall .badge').textContent()).toBe('ready');

    if (process.env.WRITE_SCREENSHOT === '1') {
      mkdirSync(fileURLToPath(new URL('.', `file://${SCREENSHOT}`)), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      timings.push(`screenshot written to ${SCREENSHOT}`);
    }
    await context.close();
  });

  it('makes the browser ask for credentials (a Basic challenge), and shows no check, when it has none', async () => {
    const { context, page } = await openPage();
    // Chromium asks for credentials only on a challenge it can answer (Basic); with none to give, Playwright cancels the prompt
    await expect(page.goto(sampleDeep())).rejects.toThrow('net::ERR_INVALID_AUTH_CREDENTIALS');
    expect(await page.locator('article.card').count()).toBe(0);
    await context.close();

    // the same navigation asking for JSON gets the Bearer challenge, which no browser prompts for: a plain 401
    const json = await openPage();
    // a navigation's own Accept wins over extra headers: rewrite it on the way out
    await json.page.route(sampleDeep(), (route) => route.continue({ headers: { ...route.request().headers(), accept: 'application/json' } }));
    const response = await json.page.goto(sampleDeep());
    expect(response?.status()).toBe(401);
    expect(await response?.headerValue('www-authenticate')).toBe('Bearer realm="health"');
    await json.context.close();
  });

  it('shows an injected check name, reason and details as text and runs none of them', async () => {
    const { context, page, requests, dialogs, console: messages } = await openPage({ extraHTTPHeaders: { authorization: basic('ops', TOKEN) } });
    await timedGoto(page, `${hostile.url}/health/deep`, 'hostile deep page');
    await sleep(500);

    expect(dialogs).toEqual([]);
    expect(messages).toEqual([]);
    expect(requests).toEqual([`${hostile.url}/health/deep`]);
    expect(await checkNames(page)).toContain(PAYLOAD.name);
    expect(await page.getByText(PAYLOAD.reason, { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText(PAYLOAD.detailKey, { exact: true }).count()).toBe(1);
    expect(await page.getByText(PAYLOAD.detailValue, { exact: true }).count()).toBe(1);
    for (const selector of ['img', 'script', 'iframe', '[onerror]', '[onload]']) {
      expect({ selector, count: await page.locator(selector).count() }).toEqual({ selector, count: 0 });
    }
    await context.close();
  });

  it('shows everything with JavaScript disabled, and reloads itself with nothing but the page', async () => {
    const { context, page, requests } = await openPage({ ...credentials, javaScriptEnabled: false });
    await timedGoto(page, sampleDeep(), 'sample deep page, JavaScript disabled');
    expect(await checkNames(page)).toEqual(SAMPLE_CHECKS);
    for (const bars of await page.locator('article.card svg.spark').evaluateAll((svgs) => svgs.map((svg) => svg.childElementCount))) {
      expect(bars).toBeGreaterThan(0);
    }
    expect(await page.locator('article.card svg.spark').count()).toBe(SAMPLE_CHECKS.length);
    expect(await page.locator('ol.timeline li').count()).toBeGreaterThan(0);
    expect(await page.locator('section.system dd').count()).toBe(8);

    const refreshContent = await page.locator('meta[http-equiv="refresh"]').getAttribute('content');
    const started = performance.now();
    await page.waitForEvent('load', { timeout: (Number(refreshContent) + 10) * 1000 });
    timings.push(`meta refresh reloaded the page after ${Math.round(performance.now() - started)} ms (content="${refreshContent}")`);
    expect(new Set(requests)).toEqual(new Set([sampleDeep()]));
    expect(await checkNames(page)).toEqual(SAMPLE_CHECKS);
    await context.close();
  }, 60_000);

  it.each([
    ['the sample app', () => sampleDeep()],
    ['long unbroken names, reasons and details', () => `${hostile.url}/health/deep`],
  ])('fits a phone with %s: no horizontal scroll', async (_label, url) => {
    const { context, page } = await openPage({
      ...credentials,
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await timedGoto(page, url(), `phone page ${_label}`);
    // a string: the test is compiled without the DOM library
    const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
    );
    expect(clientWidth).toBe(360);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    for (const box of await page.locator('article.card').evaluateAll((cards) => cards.map((card) => card.getBoundingClientRect().right))) {
      expect(box).toBeLessThanOrEqual(360);
    }
    await context.close();
  });
});
