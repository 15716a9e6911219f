// @ts-check
/**
 * Hubline's module boundaries (docs/architecture.md, "Boundaries checked by a tool").
 * Run with `npm run check:boundaries`; `npm test` runs it first.
 *
 * Each list below is ordered lowest layer first: a library may import only libraries listed
 * before it in its own list. Contexts may use any platform library; platform libraries never
 * use a context. Adding a library is one line, in the place that says what it may use.
 */

/** Bounded contexts, one a line (so adding one is a one-line diff). */
// prettier-ignore
const CONTEXTS = [
  'partnerships',
  'identity',
  'people',
  'sharing',
  'asb-reports',
  'lag',
  'case-reviews',
  'enforcement',
  'timelines',
  'audit',
  'retention',
];

/** Platform libraries, one a line: one job each, no business of any context. */
// prettier-ignore
const PLATFORM = [
  'errors',
  'config',
  'calendar',
  'event-store',
  'database',
  'privacy',
  'projections',
  'http',
  'access',
  'health',
];

/** The contexts whose published facade (a directory module) other contexts may use. */
const FACADES = ['partnerships', 'identity', 'people', 'lag', 'sharing', 'asb-reports', 'case-reviews', 'enforcement'];

/** Libraries that compose contexts and the platform, as apps do: any library, never an app. */
const COMPOSITION = ['service', 'demo', 'web'];

/** Libraries for tests only. */
const TEST_ONLY = ['testing'];

/**
 * Known breaches that need more than a small change, each allowed for exactly these files and no
 * other import: remove the entry when the breach is fixed. Each names its rule, the importing file
 * and the files it may still import.
 */
const EXCEPTIONS = [
  // The CLI runs its commands in the all-in-one hub's composition; it belongs in a library both use.
  { rule: 'app-imports-no-app', from: 'apps/cli/src/hub-context.ts', to: ['apps/hub/src/hub.module.ts'] },
  // Jest loads its global set-up without the @hubline/* path mapping, so the suite's PostgreSQL is
  // started through the launcher's own file, the same code the hub runs.
  {
    rule: 'library-entry-point-only',
    from: 'test/setup/global-setup.ts',
    to: ['libs/platform/database/src/embedded/embedded-postgres.ts'],
  },
  {
    rule: 'library-entry-point-only',
    from: 'test/setup/global-teardown.ts',
    to: ['libs/platform/database/src/embedded/embedded-postgres.ts'],
  },
  // The timeline benchmark writes a million events through the contexts' pure decide functions,
  // without their handlers; exporting those from the entry points would widen the contexts' API.
  {
    rule: 'library-entry-point-only',
    from: 'test/bench/timeline/people.ts',
    to: [
      'libs/contexts/people/src/domain/person.ts',
      'libs/contexts/people/src/domain/personal-details.ts',
      'libs/contexts/people/src/sealing.ts',
    ],
  },
  {
    rule: 'library-entry-point-only',
    from: 'test/bench/timeline/lag.ts',
    to: ['libs/contexts/lag/src/domain/index.ts'],
  },
  {
    rule: 'library-entry-point-only',
    from: 'test/bench/timeline/cases.ts',
    to: ['libs/contexts/lag/src/domain/index.ts'],
  },
];

/** Where a library lives, and the one file other code may import (`@hubline/<name>`). */
const GROUP = 'libs/(?:platform|contexts|composition)/';
const libs = (names) => `^${GROUP}(${names.join('|')})/`;
const ENTRY_POINT = `^${GROUP}[^/]+/src/index\\.ts$`;

/** Test code: specs, the event store's shared contract suite, test/ (end-to-end, benchmarks). */
const TEST_CODE = [
  '\\.(spec|int-spec|e2e-spec)\\.ts$',
  '^test/',
  `^${GROUP}[^/]+/src/contract/`,
  `^${GROUP}[^/]+/src/.+/testing/`,
  libs(TEST_ONLY),
];

/** Development scripts beside a library (generators of checked-in tables): run by hand, never shipped. */
const DEV_SCRIPTS = [`^${GROUP}[^/]+/scripts/`];

/** A context's domain folder, at any depth under src/. */
const DOMAIN = [`^${GROUP}[^/]+/src/domain/`, `^${GROUP}[^/]+/src/.+/domain/`];

/** Node modules that do I/O: a domain folder decides, it does not read or write. */
const NODE_IO = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'child_process',
  'dgram',
  'dns',
  'tls',
  'cluster',
  'worker_threads',
  'readline',
  'os',
  'process',
  'v8',
  'vm',
];

/** "Only libraries listed before you": one rule per library that has a later one to refuse. */
function layers(list, kind) {
  return list
    .map((name, i) => ({ name, later: list.slice(i + 1) }))
    .filter(({ later }) => later.length > 0)
    .map(({ name, later }) => ({
      name: `${kind}-layers`,
      severity: 'error',
      comment: `${kind} library '${name}' may import only ${kind} libraries listed before it in .dependency-cruiser.cjs (${list.slice(0, list.indexOf(name)).join(', ') || 'none'}).`,
      from: { path: libs([name]) },
      to: { path: libs(later) },
    }));
}

const asArray = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const exactly = (file) => `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

/**
 * A rule with its EXCEPTIONS: the rule as written for every other file, and for each excepted
 * file the same rule with the excepted targets allowed (capture groups such as `$1` are filled
 * in from the file's own path, as dependency-cruiser would).
 */
function withExceptions(rule) {
  const mine = EXCEPTIONS.filter((e) => e.rule === rule.name);
  if (mine.length === 0) return [rule];
  return [
    { ...rule, from: { ...rule.from, pathNot: [...asArray(rule.from.pathNot), ...mine.map((e) => exactly(e.from))] } },
    ...mine.map((e) => {
      const groups = asArray(rule.from.path)
        .map((p) => new RegExp(p).exec(e.from))
        .find(Boolean);
      if (!groups)
        throw new Error(`.dependency-cruiser.cjs: the exception for ${e.from} is not under rule ${rule.name}`);
      const fill = (p) => p.replace(/\$(\d)/g, (_, n) => groups[Number(n)] ?? '');
      return {
        ...rule,
        from: { ...rule.from, path: exactly(e.from) },
        to: { ...rule.to, pathNot: [...asArray(rule.to.pathNot).map(fill), ...e.to.map(exactly)] },
      };
    }),
  ];
}

const RULES = [
  {
    name: 'no-circular',
    severity: 'error',
    comment: 'A cycle between modules: split the shared part out, or invert one dependency.',
    from: {},
    to: { circular: true },
  },
  {
    name: 'not-to-unresolvable',
    severity: 'error',
    comment: 'This import resolves to nothing: a typo, a moved file, or a package missing from package.json.',
    from: {},
    to: { couldNotResolve: true },
  },
  {
    name: 'no-undeclared-package',
    severity: 'error',
    comment: 'Code that runs imports a package package.json does not declare: add it to dependencies.',
    from: {},
    to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'not-to-dev-dependency',
    severity: 'error',
    comment:
      'Code that ships imports a devDependency, which `npm ci --omit=dev` leaves out: move it to dependencies, or the import to test code.',
    from: { pathNot: [...TEST_CODE, ...DEV_SCRIPTS] },
    to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'library-entry-point-only',
    severity: 'error',
    comment:
      "Import another library through its entry point (`@hubline/<lib>`, its src/index.ts), never a file inside it: export what you need from the index, if it is the library's to publish.",
    from: { path: `^(${GROUP}[^/]+/|apps/|test/)` },
    to: { path: '^libs/', pathNot: ['^$1', ENTRY_POINT] },
  },
  {
    name: 'app-imports-no-app',
    severity: 'error',
    comment: 'An app composes libraries; what two apps share belongs in a library.',
    from: { path: '^apps/([^/]+)/' },
    to: { path: '^apps/', pathNot: '^apps/$1/' },
  },
  {
    name: 'library-imports-no-app',
    severity: 'error',
    comment: 'Libraries never import an app: apps are the top layer.',
    from: { path: '^libs/' },
    to: { path: '^apps/' },
  },
  {
    name: 'platform-imports-no-context',
    severity: 'error',
    comment:
      'A platform library serves every context and knows none of them: take what it needs as a port or an injection token the context provides.',
    from: { path: libs(PLATFORM) },
    to: { path: libs([...CONTEXTS, ...COMPOSITION]) },
  },
  {
    name: 'context-imports-no-composition',
    severity: 'error',
    comment: 'A context never imports a composition library (service, demo): they compose it.',
    // A context's integration tests build it the way the service does, through the composition.
    from: { path: libs(CONTEXTS), pathNot: TEST_CODE },
    to: { path: libs(COMPOSITION) },
  },
  {
    name: 'context-uses-facades-only',
    severity: 'error',
    comment: `A context uses another only through its published facade; only ${FACADES.join(', ')} publish one. React to the others' events in a projection instead.`,
    from: { path: libs(CONTEXTS) },
    to: { path: libs(CONTEXTS), pathNot: [`^${GROUP}$1/`, libs(FACADES)] },
  },
  ...layers(PLATFORM, 'platform'),
  ...layers(CONTEXTS, 'context'),
  {
    name: 'domain-no-framework',
    severity: 'error',
    comment: 'domain/ holds pure decide/evolve code: no NestJS, TypeORM, database or event store clients.',
    from: { path: DOMAIN },
    to: { path: '(^|/)node_modules/(@nestjs/|typeorm/|pg/|pg-[^/]+/|@eventstore/|nestjs-pino/|pino/|fastify/)' },
  },
  {
    name: 'domain-no-io',
    severity: 'error',
    comment: 'domain/ does no I/O: the handler around it loads and appends, and injects time and ids.',
    from: { path: DOMAIN },
    to: { dependencyTypes: ['core'], path: `^(node:)?(${NODE_IO.join('|')})$` },
  },
  {
    name: 'domain-no-adapters',
    severity: 'error',
    comment:
      'domain/ does not reach the database or the event store adapters (their types, such as DomainEvent, are fine).',
    from: { path: DOMAIN },
    to: { path: libs(['database', 'event-store']), dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'test-helpers-in-tests-only',
    severity: 'error',
    comment: `Test-only libraries (${TEST_ONLY.join(', ')}) are for specs and test/ only, never for code that ships.`,
    from: { pathNot: TEST_CODE },
    to: { path: libs(TEST_ONLY) },
  },
];

for (const e of EXCEPTIONS)
  if (!RULES.some((r) => r.name === e.rule)) throw new Error(`.dependency-cruiser.cjs: no rule named ${e.rule}`);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: RULES.flatMap(withExceptions),
  options: {
    doNotFollow: { path: 'node_modules' },
    // Browser scripts of the web pages import from the URLs the hub serves, not from files.
    exclude: { path: ['^(dist|coverage|\\.hubline)/', '^libs/composition/web/src/public/'] },
    // Count `import type` too: a type import still couples two modules.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
