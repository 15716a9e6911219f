// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * What a context publishes for other contexts: its directory facade (docs/architecture.md). The
 * boundaries between libraries are checked by dependency-cruiser (.dependency-cruiser.cjs); this
 * checks the names a context takes from another's entry point.
 */
const FACADES = {
  '@hubline/partnerships': [
    'PartnershipDirectory',
    'PartnershipDirectoryModule',
    'PartnershipView',
    'AgencyView',
    'LocalityView',
    'AgencyKind',
    'AGENCY_KINDS',
    'CaseReviewRole',
    'CASE_REVIEW_ROLES',
    'PartnershipSummary',
  ],
  '@hubline/identity': ['Users', 'UserDirectoryModule', 'UserView'],
  '@hubline/lag': ['LagCaseRecords', 'LagCaseRecordsModule', 'LagSubjectAccess', 'WITHHELD', 'ANOTHER_PERSON'],
  '@hubline/sharing': [
    'SharingRecords',
    'SharingBasisModule',
    'DisclosureRecord',
    'RecordedBasis',
    'SharingErrorCode',
    'SharingSubjectAccess',
    'SharingSubjectAccessModule',
    'SharingPurpose',
    'Validity',
  ],
  '@hubline/people': [
    'PeopleDirectory',
    'PeopleDirectoryModule',
    'isProfile',
    'PersonView',
    'PersonSummary',
    'PersonProfile',
    'PersonProfileView',
    'PersonStatus',
    'LockedPerson',
    'ErasedPerson',
    'MergedPerson',
    'PeopleSubjectAccess',
    'PROTECTED_CHARACTERISTICS',
  ],
  '@hubline/asb-reports': [
    'AsbReportRecords',
    'AsbReportRecordsModule',
    'ComplaintRecord',
    'ReportNaming',
    'AsbCategory',
    'AsbReportsSubjectAccess',
  ],
  '@hubline/case-reviews': ['CaseReviewsSubjectAccess', 'CaseReviewsSubjectAccessModule'],
  '@hubline/enforcement': ['EnforcementRecords', 'EnforcementRecordsModule', 'EnforcementSubjectAccess', 'OrderNaming'],
};
/**
 * class-validator's decorators that let a wrong shape through: `@IsOptional()` accepts `null`,
 * `@ValidateNested()` accepts an array for an object and a missing object. Request classes use
 * @hubline/http's `IsOptionalButNotNull`, `NestedObject` and `NestedArray` (libs/platform/http/src/request-fields.ts).
 */
const LOOSE_VALIDATORS = {
  name: 'class-validator',
  importNames: ['IsOptional', 'ValidateNested'],
  message:
    'Use IsOptionalButNotNull, NestedObject or NestedArray from @hubline/http: these let null or the wrong shape through.',
};
const facadesOnly = (exceptions = {}) => [
  'error',
  {
    paths: [
      ...Object.entries(FACADES).map(([name, names]) => ({
        name,
        allowImportNames: [...names, ...(exceptions[name] ?? [])],
        message:
          'A context uses another only through its directory facade (docs/architecture.md, "Boundaries checked by a tool").',
      })),
      LOOSE_VALIDATORS,
    ],
  },
];
const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'];

export default defineConfig(
  { ignores: ['dist/', 'coverage/', '.hubline/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_`-named bindings are the house way to leave a field out: `const { secret: _s, ...rest } = x`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Request validation matches control characters on purpose, to refuse them.
      'no-control-regex': 'off',
      // TypeORM (migration and entity lists) and Nest (metadata targets) type classes as `Function`; we pass theirs on.
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // Contexts; service, demo and web compose contexts, so they may use the rest of their entry points.
    files: ['libs/**/*.ts'],
    ignores: ['libs/composition/service/**', 'libs/composition/demo/**', 'libs/composition/web/**', ...TEST_FILES],
    rules: { 'no-restricted-imports': facadesOnly() },
  },
  // Known breaches, allowed for exactly this file and name until they are refactored away:
  // the retention sweep erases a person by sending people's own command, not through its facade;
  {
    files: ['libs/contexts/retention/src/sweep/retention-sweeper.ts'],
    rules: { 'no-restricted-imports': facadesOnly({ '@hubline/people': ['ForgetPerson'] }) },
  },
  // onboarding a partnership (identity) creates it by sending the partnerships context's own command;
  {
    files: ['libs/contexts/identity/src/commands/onboard-partnership/onboard-partnership.handler.ts'],
    rules: { 'no-restricted-imports': facadesOnly({ '@hubline/partnerships': ['ChangePartnership'] }) },
  },
  // the configuration validates the environment, where no value is ever null, below the HTTP edge it would import from;
  {
    files: ['libs/platform/config/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Tests read JSON bodies and rows whose shape each assertion states; `any` is kept out of code that ships.
    files: TEST_FILES,
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
      },
    },
  },
  {
    // The pages' own scripts run in the browser.
    files: ['libs/composition/web/src/public/**/*.js'],
    languageOptions: { globals: { document: 'readonly', HTMLInputElement: 'readonly' } },
  },
  // Last, so formatting is Prettier's alone.
  prettier,
);
