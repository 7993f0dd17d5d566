import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ProbeOrDeep } from '../checks/check.types.js';
import { isThenable } from '../is-thenable.js';
import { HealthAnswers, type HealthAnswer } from './health-answers.js';

/** The parts of an Express or Fastify request a probe reads. */
export interface HealthRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query?: Readonly<Record<string, unknown>> | null;
}

/**
 * Answers a probe on the app's own HTTP adapter. The status is set on the reply, never thrown, so the app's
 * exception filters and interceptors cannot reshape a health body.
 */
@Injectable()
export class HealthResponder {
  constructor(
    private readonly answers: HealthAnswers,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  respond(probe: ProbeOrDeep, request: HealthRequest, response: unknown): void | Promise<void> {
    const { accept } = request.headers;
    const { query } = request;
    const verbose = query !== undefined && query !== null && 'verbose' in query;
    const history = probe === 'deep' && query !== undefined && query !== null && 'history' in query;
    const answer = this.answers.answer(probe, typeof accept === 'string' ? accept : accept?.join(','), verbose, history);
    if (isThenable<HealthAnswer>(answer)) return answer.then((settled) => this.send(settled, response));
    this.send(answer, response);
  }

  private send(answer: HealthAnswer, response: unknown): void {
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(response, 'Content-Type', answer.contentType);
    if (answer.headers !== undefined) for (const name in answer.headers) adapter.setHeader(response, name, answer.headers[name]);
    adapter.reply(response, answer.body, answer.statusCode);
  }
}
