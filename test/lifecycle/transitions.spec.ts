import { Injectable } from '@nestjs/common';
import { HealthCheck, HealthModule, HealthService, type HealthTransition } from '../../src/index.js';
import { type RunningApp, startApp } from '../support/http-app.js';
import { RecordingLogger } from './lifecycle-support.js';

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Subscribes before bootstrap, so readiness's own first change is seen too. */
function transitionRecorder() {
  const events: HealthTransition[] = [];
  let completed = false;
  @Injectable()
  class TransitionRecorder {
    constructor(health: HealthService) {
      health.changes$.subscribe({ next: (event) => events.push(event), complete: () => (completed = true) });
    }
  }
  return { TransitionRecorder, events, isCompleted: () => completed };
}

const shape = ({ check, from, to }: HealthTransition) => ({ check, from, to });

describe('changes$ and transition logs', () => {
  it('emits exactly two transitions and logs two lines for healthy -> failing -> failing -> healthy', async () => {
    let failing = false;
    @Injectable()
    class Orders {
      @HealthCheck({ name: 'orders_db' })
      ping() {
        if (failing) throw new Error('connect ECONNREFUSED 10.0.0.5:5432');
        return { pool_size: 4 };
      }
    }
    const logger = new RecordingLogger();
    const recorder = transitionRecorder();
    running = await startApp('fastify', {
      imports: [HealthModule.forRoot({ logger })],
      providers: [Orders, recorder.TransitionRecorder],
    });

    const statuses: number[] = [];
    for (const fail of [false, true, true, false]) {
      failing = fail;
      statuses.push((await running.get('/health/ready')).status);
    }
    expect(statuses).toEqual([200, 503, 503, 200]);

    const checkEvents = recorder.events.filter((event) => event.check === 'orders_db');
    expect(checkEvents.map(shape)).toEqual([
      { check: 'orders_db', from: 'healthy', to: 'failed' },
      { check: 'orders_db', from: 'failed', to: 'healthy' },
    ]);
    expect(checkEvents[0].reason).toBe('connect ECONNREFUSED 10.0.0.5:5432');
    for (const event of checkEvents) expect(Number.isNaN(Date.parse(event.at))).toBe(false);

    const lines = logger.matching('"orders_db"');
    expect(lines).toEqual([
      { level: 'warn', message: 'check "orders_db": healthy -> failed (connect ECONNREFUSED 10.0.0.5:5432)' },
      { level: 'log', message: 'check "orders_db": failed -> healthy' },
    ]);
  });

  it('emits a first result only when it is not healthy', async () => {
    @Injectable()
    class Mixed {
      @HealthCheck({ name: 'fine' })
      fine() {
        return true;
      }

      @HealthCheck({ name: 'broken', critical: false })
      broken() {
        return { healthy: false, message: 'quota exhausted' };
      }
    }
    const logger = new RecordingLogger();
    const recorder = transitionRecorder();
    running = await startApp('fastify', { imports: [HealthModule.forRoot({ logger })], providers: [Mixed, recorder.TransitionRecorder] });
    await running.get('/health/ready');

    const checkEvents = recorder.events.filter((event) => event.check !== '*');
    expect(checkEvents.map(shape)).toEqual([{ check: 'broken', from: 'unknown', to: 'failed' }]);
    expect(checkEvents[0].reason).toBe('quota exhausted');
    expect(logger.matching('"fine"')).toEqual([]);
    expect(logger.matching('"broken"')).toHaveLength(1);
  });

  it('emits readiness-level changes with check "*": starting -> ready, manual not_ready and back, shutting_down', async () => {
    const logger = new RecordingLogger();
    const recorder = transitionRecorder();
    running = await startApp('fastify', { imports: [HealthModule.forRoot({ logger })], providers: [recorder.TransitionRecorder] });
    const health = running.app.get(HealthService);
    health.markNotReady('maintenance window');
    health.markNotReady('still in maintenance');
    health.markReady();
    await running.close();
    running = undefined;

    expect(recorder.events.map((event) => ({ ...shape(event), reason: event.reason }))).toEqual([
      { check: '*', from: 'starting', to: 'ready', reason: undefined },
      { check: '*', from: 'ready', to: 'not_ready', reason: 'maintenance window' },
      { check: '*', from: 'not_ready', to: 'ready', reason: undefined },
      { check: '*', from: 'ready', to: 'shutting_down', reason: 'application closing' },
    ]);
    expect(recorder.isCompleted()).toBe(true);
    expect(logger.matching('readiness:').map((line) => line.message)).toEqual([
      'readiness: starting -> ready',
      'readiness: ready -> not_ready (maintenance window)',
      'readiness: not_ready -> ready',
      'readiness: ready -> shutting_down (application closing)',
    ]);
  });

  it('logs nothing for probes whose states stayed the same', async () => {
    @Injectable()
    class Steady {
      @HealthCheck({ name: 'steady' })
      steady() {
        return true;
      }

      @HealthCheck({ name: 'down', critical: false })
      down() {
        throw new Error('cache unreachable');
      }
    }
    const logger = new RecordingLogger();
    const recorder = transitionRecorder();
    running = await startApp('fastify', { imports: [HealthModule.forRoot({ logger })], providers: [Steady, recorder.TransitionRecorder] });
    await running.get('/health/ready');
    const lines = logger.lines.length;
    const events = recorder.events.length;

    for (let i = 0; i < 50; i++) await running.get(i % 2 ? '/health/ready' : '/health/live');
    expect(logger.lines.length).toBe(lines);
    expect(recorder.events.length).toBe(events);
  });

  it('logs no transition at all with logger: false, while changes$ still emits', async () => {
    @Injectable()
    class Down {
      @HealthCheck({ name: 'down' })
      down() {
        return false;
      }
    }
    const recorder = transitionRecorder();
    const appLogger = new RecordingLogger();
    running = await startApp(
      'fastify',
      { imports: [HealthModule.forRoot({ logger: false })], providers: [Down, recorder.TransitionRecorder] },
      (app) => app.useLogger(appLogger),
    );
    await running.get('/health/ready');
    expect(recorder.events.map(shape)).toContainEqual({ check: 'down', from: 'unknown', to: 'failed' });
    // the app logger is in use (the probe URLs reach it), yet no transition line does
    expect(appLogger.matching('Health probes')).toHaveLength(1);
    expect(appLogger.matching('->')).toEqual([]);
  });
});
