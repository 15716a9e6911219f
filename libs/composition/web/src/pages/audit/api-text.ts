import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '@hubline/access';
import { LocalApiCredentials, type ApiProblem } from '../../hub-api';

/** A text answer of the API (a CSV download), or its problem. */
export type TextAnswer = { status: number; text: string; contentType?: string; problem?: ApiProblem };

/**
 * The API's own CSV of a report, fetched as the signed-in officer (in process, as `HubApi` does
 * for JSON), so a download holds exactly the lines the API gives and is checked as it checks.
 */
@Injectable()
export class ApiText {
  constructor(
    private readonly adapter: HttpAdapterHost,
    private readonly credentials: LocalApiCredentials,
  ) {}

  async get(actor: Actor, requestId: string, path: string, query: Record<string, string | undefined>) {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
    const res = await fastify.inject({
      method: 'GET',
      url: params.size > 0 ? `${path}?${params}` : path,
      headers: { authorization: `Bearer ${await this.credentials.tokenFor(actor)}`, 'x-request-id': requestId },
    });
    const contentType = typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : undefined;
    const answer: TextAnswer = { status: res.statusCode, text: res.body, contentType };
    if (res.statusCode >= 400) answer.problem = JSON.parse(res.body) as ApiProblem;
    return answer;
  }
}
