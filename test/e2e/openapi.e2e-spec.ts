import { Document as SpectralDocument, Spectral, type RulesetDefinition } from '@stoplight/spectral-core';
import * as Parsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { TestHub } from '../support/test-hub';

type Operation = {
  tags?: string[];
  summary?: string;
  description?: string;
  operationId?: string;
  responses?: Record<string, unknown>;
};
type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, unknown>;
  allOf?: Schema[];
  oneOf?: Schema[];
};
type Document = {
  components?: { schemas?: Record<string, Schema> };
  info: { title?: string; description?: string; contact?: Record<string, string> };
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * The rules an OpenAPI linter's recommended set checks, on the document the hub publishes: a
 * client generator and a reader of /docs need every operation named, grouped, described and
 * with its success answer.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await TestHub.start();
});
afterAll(() => hub.close());

describe('the OpenAPI document', () => {
  let document: Document;

  beforeAll(async () => {
    const res = await hub.as(null, { url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    document = res.json();
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );

  it('says who runs it, what it is and where it is served', () => {
    expect(document.info.description).toEqual(expect.stringMatching(/\S/));
    expect(document.info.contact).toEqual(expect.objectContaining({ name: expect.stringMatching(/\S/) }));
    expect(document.servers?.length).toBeGreaterThan(0);
    for (const server of document.servers ?? []) expect(server.url).toMatch(/\S/);
  });

  it('has operations to check', () => {
    expect(operations().length).toBeGreaterThan(50);
  });

  it('gives every operation a tag that is declared, a description, a unique operationId and a success response', () => {
    const declared = new Set((document.tags ?? []).map((t) => t.name));
    const faults: string[] = [];
    const ids = new Map<string, string>();
    for (const { name, operation } of operations()) {
      if (!operation.tags?.length) faults.push(`${name}: no tags`);
      for (const tag of operation.tags ?? []) if (!declared.has(tag)) faults.push(`${name}: tag ${tag} not declared`);
      if (!operation.description?.trim()) faults.push(`${name}: no description`);
      if (!operation.operationId?.trim()) faults.push(`${name}: no operationId`);
      else if (ids.has(operation.operationId))
        faults.push(`${name}: operationId shared with ${ids.get(operation.operationId)}`);
      else ids.set(operation.operationId, name);
      const statuses = Object.keys(operation.responses ?? {});
      if (!statuses.some((s) => /^2\d\d$/.test(s) || s === '2XX')) faults.push(`${name}: no success response`);
    }
    expect(faults).toEqual([]);
  });

  it('gives every answer that sends an ETag the version it stands for', () => {
    // The ETag is made from the answer's `version`: without one, no ETag is sent, and a client
    // (or a web page) has no version to send back as If-Match.
    const resolve = (schema: Schema | undefined): Schema | undefined =>
      schema?.$ref ? resolve(document.components?.schemas?.[schema.$ref.split('/').pop()!]) : schema;
    const hasVersion = (schema: Schema | undefined): boolean => {
      const s = resolve(schema);
      // A choice (the full record or its locked view) sends an ETag when the full record is given.
      return Boolean(s?.properties?.version) || [...(s?.allOf ?? []), ...(s?.oneOf ?? [])].some(hasVersion);
    };
    const faults: string[] = [];
    for (const { name, operation } of operations())
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const r = response as { headers?: Record<string, unknown>; content?: Record<string, { schema?: Schema }> };
        if (!status.startsWith('2') || !r.headers?.ETag) continue;
        const schema = r.content?.['application/json']?.schema;
        if (!hasVersion(schema)) faults.push(`${name} ${status}: sends an ETag, but its answer has no version`);
      }
    expect(faults).toEqual([]);
  });

  it('describes every declared tag, and declares no tag that nothing uses', () => {
    const used = new Set(operations().flatMap(({ operation }) => operation.tags ?? []));
    for (const tag of document.tags ?? []) {
      expect({ tag: tag.name, described: Boolean(tag.description?.trim()) }).toEqual({
        tag: tag.name,
        described: true,
      });
      expect(used.has(tag.name)).toBe(true);
    }
  });
});

describe('a method a path does not take', () => {
  const pc = 'someone@nowhere.demo';

  it.each([
    ['DELETE', '/people', 'GET, HEAD, POST'],
    ['PATCH', '/timelines/victims/7d3c4a35-3cf5-4a52-9d8e-0d8f3a7b2a11', 'GET, HEAD'],
    ['GET', '/audit/checkpoints', 'POST'],
    ['PUT', '/health/live', 'GET, HEAD'],
  ])('%s %s is 405 problem+json with Allow: %s', async (method, url, allow) => {
    const res = await hub.as(pc, { method: method as 'DELETE', url });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 405, code: 'HTTP.METHOD_NOT_ALLOWED' });
  });

  it('leaves a path that does not exist at 404', async () => {
    const res = await hub.as(pc, { method: 'DELETE', url: '/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers.allow).toBeUndefined();
  });
});

describe("the OpenAPI document, under Spectral's OpenAPI ruleset", () => {
  it('has no errors and no warnings', async () => {
    const res = await hub.as(null, { url: '/openapi.json' });
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[oas as RulesetDefinition, 'recommended']] });
    const results = await spectral.run(new SpectralDocument(res.body, Parsers.Json, '/openapi.json'));
    // Spectral's severities: 0 error, 1 warning, 2 information, 3 hint.
    const faults = results
      .filter((r) => r.severity <= 1)
      .map((r) => `${r.severity === 0 ? 'error' : 'warning'} ${String(r.code)} at ${r.path.join('.')}: ${r.message}`);
    expect(faults).toEqual([]);
  });
});
