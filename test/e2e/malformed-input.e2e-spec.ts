import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { RouteRole } from '@hubline/access';
import { hubWithOneUserPerRole } from '../support/one-user-per-role';
import type { TestHub } from '../support/test-hub';

/**
 * Bad input never reaches a 5xx, and garbage is never accepted. For every operation of the hub's
 * own OpenAPI document, fast-check builds a plausible request from the documented schema, breaks
 * it in one way (a wrong type, a null, a missing required field, deep nesting, a huge string, an
 * array for an object, an extra field, a malformed path id, a garbage If-Match or content type)
 * and sends it with the token of a role the route allows. Each answer must be a 4xx
 * `application/problem+json` that does not repeat what was sent, and no event may be appended.
 *
 * Every string the test makes up carries MARK, so an echo anywhere in a response is found. Two
 * things may name input by design: `instance`, the request's own (short) path; and a refused
 * field shaped like a field name ("property colour should not exist"), so made-up keys here are
 * never shaped like one. Seeded, with a fixed number of runs per operation, so a failure replays.
 */

const MARK = 'Ech0';
const RUNS_PER_OPERATION = 20;
const SEED = 20_261_210;

type Schema = Record<string, any>;
interface Operation {
  key: string;
  method: string;
  path: string;
  pathParams: string[];
  queryParams: Array<{ name: string; schema: Schema }>;
  ifMatch: boolean;
  body?: Schema;
  role: RouteRole | null;
}

interface Malformed {
  what: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

describe('malformed input, over every operation of the OpenAPI document', () => {
  let hub: TestHub;
  let doc: { paths: Record<string, Record<string, Schema>>; components: { schemas: Record<string, Schema> } };
  let operations: Operation[];
  let userOf: (role: RouteRole) => string;

  beforeAll(async () => {
    ({ hub, userOf } = await hubWithOneUserPerRole('malformed'));
    doc = (await hub.as(null, { url: '/openapi.json' })).json();
    operations = operationsOf(doc);
  });
  afterAll(() => hub?.close());

  const eventCount = async (): Promise<number> =>
    Number((await hub.db.query('SELECT count(*) AS n FROM event_store.events'))[0].n);

  // ---- reading the document ----

  function operationsOf(openApi: typeof doc): Operation[] {
    const found: Operation[] = [];
    for (const [path, item] of Object.entries(openApi.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const parameters: Schema[] = op.parameters ?? [];
        const roles =
          /Roles: ([a-z_, ]+)/
            .exec(String(op.summary ?? ''))?.[1]
            .split(',')
            .map((r) => r.trim())
            .filter(Boolean) ?? [];
        const role = (roles[0] === 'any' ? 'practitioner' : (roles[0] as RouteRole | undefined)) ?? null;
        found.push({
          key: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          queryParams: parameters
            .filter((p) => p.in === 'query')
            .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
          ifMatch: parameters.some((p) => p.in === 'header' && String(p.name).toLowerCase() === 'if-match'),
          body: op.requestBody?.content?.['application/json']?.schema,
          role,
        });
      }
    }
    return found;
  }

  const resolve = (schema: Schema | undefined): Schema => {
    if (!schema) return {};
    if (schema.$ref) return resolve(doc.components.schemas[String(schema.$ref).split('/').pop()!]);
    if (schema.allOf?.length === 1) return { ...resolve(schema.allOf[0]), ...schema, allOf: undefined };
    return schema;
  };

  /** A value the schema would plausibly accept: the field a mutation breaks is then the only fault. */
  function plausible(input: Schema | undefined): unknown {
    const schema = resolve(input);
    if (schema.enum) return schema.enum[0];
    if (schema.example !== undefined && schema.type !== 'array') return schema.example;
    switch (schema.type) {
      case 'array': {
        const items = resolve(schema.items);
        const count = Math.max(schema.minItems ?? 1, 1);
        if (items.enum) return items.enum.slice(0, count);
        return Array.from({ length: count }, () => plausible(items));
      }
      case 'object':
      case undefined:
        if (schema.properties) {
          const required: string[] = schema.required ?? [];
          return Object.fromEntries(required.map((name) => [name, plausible(schema.properties[name])]));
        }
        return { a: 'b' };
      case 'integer':
      case 'number':
        return schema.minimum ?? 1;
      case 'boolean':
        return false;
      default:
        if (schema.format === 'uuid') return randomUUID();
        if (schema.format === 'date') return '2026-12-24';
        if (schema.format === 'date-time') return '2026-12-24T10:00:00Z';
        return 'Plausible words for a test field'.padEnd(schema.minLength ?? 0, '.').slice(0, schema.maxLength ?? 1000);
    }
  }

  /** Every declared property, top level and one level into nested objects, as [path, schema, required]. */
  function fieldsOf(body: Schema): Array<{ path: string[]; schema: Schema; required: boolean }> {
    const fields: Array<{ path: string[]; schema: Schema; required: boolean }> = [];
    const walk = (schema: Schema, prefix: string[], depth: number, parentRequired = true) => {
      const resolved = resolve(schema);
      for (const [name, property] of Object.entries<Schema>(resolved.properties ?? {})) {
        // Required in the base body: required here, and every enclosing object required too.
        const field = {
          path: [...prefix, name],
          schema: resolve(property),
          required: parentRequired && (resolved.required ?? []).includes(name),
        };
        fields.push(field);
        if (depth < 1 && field.schema.properties && (field.required || prefix.length === 0))
          walk(property, field.path, depth + 1, field.required);
      }
    };
    walk(body, [], 0);
    return fields;
  }

  // ---- the garbage ----

  const marked = (max = 20) => fc.string({ maxLength: max }).map((s) => `${MARK}${s}`);
  const deepText = (depth: number) => `${'['.repeat(depth)}"${MARK}"${']'.repeat(depth)}`;
  /** A value of the wrong type for the schema, as JSON text (so nesting and huge strings stay cheap to build). */
  const wrongFor = (schema: Schema): fc.Arbitrary<string> => {
    const type = schema.type ?? (schema.properties ? 'object' : 'string');
    // A field documented as nullable takes null; every other field refuses it.
    const nulls = schema.nullable ? [] : [fc.constant('null'), fc.constant('null')];
    const choices: fc.Arbitrary<string>[] = [
      ...nulls,
      fc.integer({ min: 20, max: 4_000 }).map(deepText),
      fc
        .oneof(fc.constant({ [`${MARK}-x`]: 1 }), fc.constant({}))
        .map((v) => JSON.stringify(type === 'object' ? [v] : v)),
      fc.constant(type === 'array' ? '{}' : '[]'),
    ];
    if (type !== 'string')
      choices.push(
        marked().map((s) => JSON.stringify(s)),
        fc.integer({ min: 10_000, max: 300_000 }).map((n) => JSON.stringify(MARK + 'x'.repeat(n))),
      );
    if (type === 'string')
      choices.push(
        fc.integer({ min: 5_000, max: 300_000 }).map((n) => JSON.stringify(MARK + 'x'.repeat(n))),
        fc.constant('12345'),
        fc.constant('true'),
      );
    if (type !== 'array')
      choices.push(fc.array(marked(), { minLength: 0, maxLength: 3 }).map((a) => JSON.stringify(a)));
    if (type !== 'integer' && type !== 'number')
      choices.push(fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)));
    if (type === 'integer') choices.push(fc.constantFrom('1.5', '-1e300', '1e400'));
    return fc.oneof(...choices);
  };

  /** Sets a field (by path) to raw JSON text: the body is built as text so deep and huge values survive. */
  function withField(base: Record<string, unknown>, path: string[], raw: string): string {
    const placeholder = `__${randomUUID()}__`;
    const copy = structuredClone(base);
    let target: Record<string, unknown> = copy;
    for (const name of path.slice(0, -1)) {
      if (typeof target[name] !== 'object' || target[name] === null || Array.isArray(target[name])) target[name] = {};
      target = target[name] as Record<string, unknown>;
    }
    target[path[path.length - 1]] = placeholder;
    return JSON.stringify(copy).replace(JSON.stringify(placeholder), raw);
  }

  function withoutField(base: Record<string, unknown>, path: string[]): string {
    const copy = structuredClone(base);
    let target: Record<string, unknown> = copy;
    for (const name of path.slice(0, -1)) target = (target[name] ?? {}) as Record<string, unknown>;
    delete target[path[path.length - 1]];
    return JSON.stringify(copy);
  }

  /** Path segments that are not the ids the route takes: never a UUID, never empty or a dot segment. */
  const badId = fc.oneof(
    marked(30).map((s) => encodeURIComponent(s)),
    fc.constantFrom(
      `${MARK}-1`,
      '00000000-0000-0000-0000-000000000000',
      '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
      `${MARK}%00`,
      `${MARK}%2F..%2F`,
      `%E0%A4%A`,
      `${MARK}%20'%20OR%201=1`,
    ),
    fc.integer({ min: 101, max: 5_000 }).map((n) => MARK + 'x'.repeat(n)),
  );

  const badContentType = fc.constantFrom(
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/json; charset=UTF-32',
    'text/plain',
    'text/plain; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    `application/${MARK}`,
  );

  const badIfMatch = marked(30).filter((v) => v.trim() !== '*' && !/^(?:W\/)?"\d{1,15}"$/.test(v.trim()));

  function malformedRequests(op: Operation, token: string | null): fc.Arbitrary<Malformed> | undefined {
    const base = op.body ? (plausible(op.body) as Record<string, unknown>) : undefined;
    const url = (ids: Record<string, string> = {}, query = '') =>
      op.path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => ids[name] ?? randomUUID()) + query;
    const headers = (extra: Record<string, string> = {}) => ({
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(base ? { 'content-type': 'application/json' } : {}),
      ...extra,
    });
    const payload = base ? JSON.stringify(base) : undefined;
    const kinds: Array<{ arbitrary: fc.Arbitrary<Malformed>; weight: number }> = [];
    const add = (weight: number, ...arbitraries: fc.Arbitrary<Malformed>[]) =>
      kinds.push(...arbitraries.map((arbitrary) => ({ arbitrary, weight })));

    if (base && op.body) {
      const fields = fieldsOf(op.body);
      add(
        1,
        fc
          .constantFrom('null', '[]', '[{}]', `"${MARK}"`, '42', 'true', '{"a":', `{"${MARK}":1,}`)
          .map((raw) => ({ what: `body ${raw}`, url: url(), headers: headers(), payload: raw })),
        fc.integer({ min: 20, max: 50_000 }).map((depth) => ({
          what: `body nested ${depth} deep`,
          url: url(),
          headers: headers(),
          payload: deepText(depth),
        })),
        fc
          .tuple(
            marked(),
            fc.constantFrom('-x', ' x', '.x', '\u00e9'),
            fc.oneof(
              marked().map((s) => JSON.stringify(s)),
              fc.constant('null'),
              fc.constant('{}'),
            ),
          )
          .map(([key, tail, raw]) => ({
            what: 'an extra field',
            url: url(),
            headers: headers(),
            payload: withField(base, [`${key}${tail}`], raw),
          })),
        badContentType.map((type) => ({
          what: `content-type ${type}`,
          url: url(),
          headers: headers({ 'content-type': type }),
          payload,
        })),
      );
      if (fields.length > 0) {
        // Breaking one field of an otherwise plausible body reaches the handler's assumptions: weighed most.
        add(
          6,
          fc.constantFrom(...fields).chain((field) =>
            wrongFor(field.schema).map((raw) => ({
              what: `${field.path.join('.')} = ${raw.slice(0, 40)}`,
              url: url(),
              headers: headers(),
              payload: withField(base, field.path, raw),
            })),
          ),
        );
      }
      const required = fields.filter((f) => f.required);
      if (required.length > 0) {
        add(
          2,
          fc.constantFrom(...required).map((field) => ({
            what: `without ${field.path.join('.')}`,
            url: url(),
            headers: headers(),
            payload: withoutField(base, field.path),
          })),
        );
      }
    }
    if (op.pathParams.length > 0) {
      add(
        2,
        fc.tuple(fc.constantFrom(...op.pathParams), badId).map(([name, id]) => ({
          what: `${name} = ${id.slice(0, 40)}`,
          url: url({ [name]: id }),
          headers: headers(),
          payload,
        })),
      );
    }
    if (op.ifMatch) {
      add(
        1,
        badIfMatch.map((value) => ({
          what: `If-Match ${value}`,
          url: url(),
          headers: headers({ 'if-match': value }),
          payload,
        })),
      );
    }
    const constrained = op.queryParams.filter(
      (p) =>
        p.schema.enum ||
        p.schema.format ||
        p.schema.type === 'integer' ||
        p.schema.type === 'boolean' ||
        p.schema.maxLength,
    );
    if (constrained.length > 0) {
      add(
        2,
        fc
          .constantFrom(...constrained)
          .chain((param) => {
            const tooLong = fc
              .integer({ min: (param.schema.maxLength ?? 1_000) + 1, max: 20_000 })
              .map((n) => MARK + 'x'.repeat(n));
            const onlyLength = !(
              param.schema.enum ||
              param.schema.format ||
              param.schema.type === 'integer' ||
              param.schema.type === 'boolean'
            );
            return fc.tuple(fc.constant(param), onlyLength ? tooLong : fc.oneof(marked(30), tooLong));
          })
          .map(([param, value]) => ({
            what: `?${param.name}=${value.slice(0, 40)}`,
            url: url({}, `?${param.name}=${encodeURIComponent(value)}`),
            headers: headers(),
            payload,
          })),
      );
    }
    return kinds.length > 0 ? fc.oneof(...kinds) : undefined;
  }

  /** What of a response counts as echoing the request. */
  function echoOf(body: Record<string, unknown>, url: string): string | undefined {
    const sentPath = url.split('?')[0];
    const { instance, ...rest } = body;
    if (instance !== undefined && !(instance === sentPath && sentPath.length <= 200))
      return `instance ${String(instance).slice(0, 60)}`;
    const text = JSON.stringify(rest);
    const at = text.indexOf(MARK);
    return at >= 0 ? text.slice(Math.max(0, at - 30), at + 30) : undefined;
  }

  /** Sends one malformed request; throws with what went wrong. */
  async function refusedCleanly(op: Operation, request: Malformed): Promise<void> {
    const before = await eventCount();
    const res = await hub.app.inject({
      method: op.method as 'GET',
      url: request.url,
      headers: request.headers,
      ...(request.payload !== undefined ? { payload: request.payload } : {}),
    });
    const after = await eventCount();
    const problem = String(res.headers['content-type'] ?? '').startsWith('application/problem+json');
    const body = problem ? (res.json() as Record<string, unknown>) : {};
    const faults = [
      ...(res.statusCode >= 400 && res.statusCode < 500 ? [] : [`status ${res.statusCode}`]),
      ...(problem ? [] : [`content-type ${String(res.headers['content-type'])}`]),
      ...(problem &&
      ['type', 'title', 'status', 'detail', 'code'].every((m) => m in body) &&
      body.status === res.statusCode
        ? []
        : ['not a full problem']),
      ...(after === before ? [] : [`${after - before} event(s) appended`]),
    ];
    const echo = problem ? echoOf(body, request.url) : undefined;
    if (echo) faults.push(`echoes ${echo}`);
    if (faults.length > 0) throw new Error(`${request.what}: ${faults.join(', ')} ${res.body.slice(0, 200)}`);
  }

  it('refuses null, and the wrong shape, in every declared field of every request body', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => o.body)) {
      const token = op.role ? await hub.token(userOf(op.role)) : null;
      const base = plausible(op.body) as Record<string, unknown>;
      const url = op.path.replace(/\{([A-Za-z]+)\}/g, () => randomUUID());
      const headers = { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' };
      for (const field of fieldsOf(op.body!)) {
        const wrongShape =
          field.schema.type === 'array'
            ? '{}'
            : field.schema.type === 'object' || field.schema.properties
              ? '[]'
              : '{}';
        const variants = [[wrongShape, withField(base, field.path, wrongShape)]];
        if (!field.schema.nullable) variants.push(['null', withField(base, field.path, 'null')]);
        if (field.required) variants.push(['missing', withoutField(base, field.path)]);
        for (const [what, payload] of variants) {
          await refusedCleanly(op, { what: `${field.path.join('.')} ${what}`, url, headers, payload }).catch(
            (error: Error) => failures.push(`${op.key} ${error.message.slice(0, 300)}`),
          );
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it('refuses a control character or an unpaired surrogate in the text of every request body, before anything else', async () => {
    // Each of these was stored by some route before: a NUL in a business's name on an ASB report,
    // a lone surrogate (stored as U+FFFD) in a narrative. The body reader refuses them all, so every
    // operation answers the same problem whatever else is wrong with the request.
    const failures: string[] = [];
    const badTexts = [
      'Shop \\u0000 front',
      'Escape \\u001b[31m',
      'Lone \\ud800 half',
      'Raw DEL \u007f',
      'Raw C1 \u0085',
    ];
    let tried = 0;
    for (const op of operations.filter((o) => o.body)) {
      const token = op.role ? await hub.token(userOf(op.role)) : null;
      const base = plausible(op.body) as Record<string, unknown>;
      const url = op.path.replace(/\{([A-Za-z]+)\}/g, () => randomUUID());
      const headers = { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' };
      const text = fieldsOf(op.body!).find((f) => f.schema.type === 'string' && !f.schema.enum && !f.schema.format);
      for (const bad of badTexts) {
        tried++;
        const before = await eventCount();
        const res = await hub.app.inject({
          method: op.method as 'POST',
          url,
          headers,
          payload: withField(base, text ? text.path : ['note'], `"${bad}"`),
        });
        const problem = String(res.headers['content-type'] ?? '').startsWith('application/problem+json');
        if (
          res.statusCode !== 400 ||
          !problem ||
          res.json().code !== 'HTTP.INVALID_TEXT' ||
          (await eventCount()) !== before
        )
          failures.push(`${op.key} ${JSON.stringify(bad)}: ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(tried).toBeGreaterThan(5 * 50);
    expect(failures).toEqual([]);
  });

  it('refuses a query field the operation does not take, on every operation, reads included', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      const token = op.role ? await hub.token(userOf(op.role)) : null;
      const base = op.body ? (plausible(op.body) as Record<string, unknown>) : undefined;
      const before = await eventCount();
      const res = await hub.app.inject({
        method: op.method as 'GET',
        url: op.path.replace(/\{([A-Za-z]+)\}/g, () => randomUUID()) + '?hublineNotAField=1',
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
        ...(base ? { payload: JSON.stringify(base) } : {}),
      });
      // The problem names the field, in its detail or in its list of field errors.
      const named = String(res.headers['content-type'] ?? '').startsWith('application/problem+json')
        ? /hublineNotAField/.test(res.body)
        : false;
      if (res.statusCode !== 400 || !named || (await eventCount()) !== before)
        failures.push(`${op.key}: ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers every malformed request to every operation with a 4xx problem that echoes nothing and records nothing', async () => {
    const failures: string[] = [];
    const tried: string[] = [];
    for (const op of operations) {
      const token = op.role ? await hub.token(userOf(op.role)) : null;
      const arbitrary = malformedRequests(op, token);
      // Reads with no body, path id, If-Match or checked query (GET /partnership, /health/live) have nothing to break.
      if (!arbitrary) continue;
      tried.push(op.key);
      const result = await fc.check(
        fc.asyncProperty(arbitrary, (request) => refusedCleanly(op, request)),
        { numRuns: RUNS_PER_OPERATION, seed: SEED, endOnFailure: true },
      );
      if (result.failed)
        failures.push(
          `${op.key} ${String((result.errorInstance as Error)?.message ?? result.errorInstance).slice(0, 400)}`,
        );
    }
    expect(tried.length).toBeGreaterThan(operations.length * 0.8);
    expect(failures).toEqual([]);
  }, 180_000);
});
