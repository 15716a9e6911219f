import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { JWK } from 'jose';
import { ConsultationLog, loadOrCreateLocalSigningKey, mintLocalToken, type Actor } from '@hubline/access';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { AfterWrite } from './after-write';

/** What the API answered: its status, its JSON body (a problem on a refusal) and its ETag. */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  etag?: string;
}

/** A problem answer of the API (RFC 9457), as the pages read it. */
export interface ApiProblem {
  status: number;
  code: string;
  detail?: string;
  errors?: string[];
}

export interface ApiCall {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  ifMatch?: string;
}

/** A bearer token for the signed-in officer, as the API's guard will verify it. */
export interface ApiCredentials {
  tokenFor(actor: Actor): Promise<string>;
}

/** The lifetime of a local token the pages call the API with. */
export const LOCAL_TOKEN_SECONDS = 60;
/** A local token is used again for the same officer until this close to its expiry, then a new one is signed. */
export const LOCAL_TOKEN_RENEW_MARGIN_SECONDS = 15;

/**
 * With local tokens (development, and the embedded default), a token signed by the hub's own key
 * for one minute. Signing costs more than the rest of a small API call, so an officer's token is
 * used again for their next calls until 15 seconds before it expires, then a new one is signed;
 * a token is only ever used for the officer it names. With OpenID Connect, the access token the
 * provider gave at sign-in, kept (sealed) with the session: the session guard hands it over for
 * the request's officer, and no token is ever made by the hub then (decision 0027).
 */
@Injectable()
export class LocalApiCredentials implements ApiCredentials {
  private key?: Promise<JWK>;
  /** The provider's access token of each signed-in officer of a request in progress. */
  private readonly providerTokens = new WeakMap<Actor, string>();
  /** The local token being used for each officer (by subject), and when it stops being used. */
  private readonly localTokens = new Map<string, { token: Promise<string>; renewAt: number }>();

  constructor(@Inject(HUBLINE_CONFIG) private readonly config: HublineConfig) {}

  /** The provider's access token for this request's officer (set by the session guard). */
  useProviderToken(actor: Actor, accessToken: string): void {
    this.providerTokens.set(actor, accessToken);
  }

  async tokenFor(actor: Actor): Promise<string> {
    const auth = this.config.auth;
    if (auth.mode !== 'local') {
      const token = this.providerTokens.get(actor);
      if (!token) throw new Error('no access token from the OpenID Connect provider for this session');
      return token;
    }
    const now = Date.now();
    const kept = this.localTokens.get(actor.subject);
    if (kept && now < kept.renewAt) return kept.token;
    // Tokens no longer used are dropped when a new one is signed, so the map holds only live ones.
    for (const [subject, entry] of this.localTokens) if (now >= entry.renewAt) this.localTokens.delete(subject);
    this.key ??= loadOrCreateLocalSigningKey(this.config.dataDir);
    const token = this.key.then((key) =>
      mintLocalToken(key, {
        subject: actor.subject,
        issuer: auth.issuer,
        audience: auth.audience,
        ttlSeconds: LOCAL_TOKEN_SECONDS,
        now: new Date(now),
      }),
    );
    const entry = { token, renewAt: now + (LOCAL_TOKEN_SECONDS - LOCAL_TOKEN_RENEW_MARGIN_SECONDS) * 1000 };
    this.localTokens.set(actor.subject, entry);
    // A token that could not be signed is not kept: the next call tries again.
    token.catch(() => {
      if (this.localTokens.get(actor.subject) === entry) this.localTokens.delete(actor.subject);
    });
    return token;
  }
}

/**
 * The pages' way to Hubline: the hub's own HTTP API, called in process as the signed-in officer.
 * Each page thus goes through the same guard, roles, validation, command and query handlers,
 * personal-data policy and consultation log as any API client, and refusals come back as the
 * same problem codes. The page request's id goes along as `x-request-id`, so the events and
 * consultations a page causes name it. After a write the API accepted, it waits (briefly) for the
 * read models to apply it (`AfterWrite`), so every page shows the officer's change on the next page.
 */
@Injectable()
export class HubApi {
  constructor(
    private readonly adapter: HttpAdapterHost,
    private readonly credentials: LocalApiCredentials,
    private readonly written: AfterWrite,
    private readonly consultations: ConsultationLog,
  ) {}

  async call<T = unknown>(actor: Actor, requestId: string, call: ApiCall): Promise<ApiAnswer<T>> {
    if ((call.method ?? 'GET') === 'GET') return this.send<T>(actor, requestId, call);
    // A page keeps what it read only while it does not write: its next reads are made again.
    this.consultations.forgetReads();
    try {
      return await this.send<T>(actor, requestId, call);
    } finally {
      this.consultations.forgetReads();
    }
  }

  private async send<T>(actor: Actor, requestId: string, call: ApiCall): Promise<ApiAnswer<T>> {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) query.set(key, value);
    const url = query.size > 0 ? `${call.path}?${query}` : call.path;
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.credentials.tokenFor(actor)}`,
      'x-request-id': requestId,
    };
    if (call.ifMatch) headers['if-match'] = call.ifMatch;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fastify.inject({
      method: call.method ?? 'GET',
      url,
      headers,
      ...(call.body !== undefined ? { payload: JSON.stringify(call.body) } : {}),
    });
    // A write the API accepted: the page sent on next reads it back from the read models.
    if ((call.method ?? 'GET') !== 'GET' && res.statusCode < 400) await this.written.settle();
    const etag = res.headers.etag;
    return {
      status: res.statusCode,
      body: (res.body ? JSON.parse(res.body) : undefined) as T,
      ...(typeof etag === 'string' ? { etag } : {}),
    };
  }

  /**
   * A read asked for in another format (`accept`, e.g. `application/pdf`): its bytes as they came,
   * or, on a refusal, the problem as `call` gives it.
   */
  async document(
    actor: Actor,
    requestId: string,
    call: Pick<ApiCall, 'path' | 'query'>,
    accept: string,
  ): Promise<ApiDocument | ApiAnswer<ApiProblem>> {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) query.set(key, value);
    const res = await fastify.inject({
      method: 'GET',
      url: query.size > 0 ? `${call.path}?${query}` : call.path,
      headers: {
        authorization: `Bearer ${await this.credentials.tokenFor(actor)}`,
        'x-request-id': requestId,
        accept,
      },
    });
    if (res.statusCode >= 400) return { status: res.statusCode, body: JSON.parse(res.body) as ApiProblem };
    return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), bytes: res.rawPayload };
  }
}

/** A document the API answered in another format than JSON (a PDF), or its problem. */
export interface ApiDocument {
  status: number;
  contentType: string;
  bytes: Buffer;
}

export const isProblem = (answer: ApiAnswer): answer is ApiAnswer<ApiProblem> => answer.status >= 400;
