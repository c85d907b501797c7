/**
 * Recto's architecture as import rules, checked by `npm run check` (depcruise). Read top to
 * bottom, it is DESIGN.md's layering:
 *
 *   src/core                 types, errors, config: imports nothing of Recto's
 *   src/engines              the OCR engine behind an interface
 *   src/extract, matching    reading fields off a page; finding the patient
 *   src/stages               every arrow of the flow as a plain function
 *   src/storage, audit, auth, sinks, filing, review   stores, audit log, identities, record systems
 *   src/runners              the local runner (`recto scan`): stages in-process, no Redis
 *   queues/                  the only place that knows BullMQ's shapes
 *   workers/                 one stage per worker: take job → call stage → store → next
 *   src/api, web, cli, service   the outer ring: HTTP, pages, commands, process start-up
 *
 * Each rule says why it exists; test/unit/architecture-rules.test.ts proves the rules bite.
 */
const OUTER_RING = '^src/(api|web|cli|service|review/http)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes load order matter and two modules impossible to understand apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment: 'src/core is what everything else may use; it must not depend on any of them.',
      from: { path: '^src/core/' },
      to: { path: '^(src/(?!core/)|queues/|workers/)' },
    },
    {
      name: 'engines-import-only-core',
      severity: 'error',
      comment: 'An OCR engine is swappable behind its interface: it knows nothing of the flow around it.',
      from: { path: '^src/engines/' },
      to: { path: '^(src/(?!core/|engines/)|queues/|workers/)' },
    },
    {
      name: 'extract-and-matching-are-pure',
      severity: 'error',
      comment:
        'Reading fields and matching patients are decisions about data: no storage, queues or HTTP. ' +
        'Matching may use the FHIR client the sinks share (a FHIR patient index is a FHIR server).',
      from: { path: '^src/(extract|matching)/' },
      to: { path: '^(src/(?!core/|extract/|matching/|sinks/fhir/(fhir-connection|nhs-systems)\\.ts$)|queues/|workers/)' },
    },
    {
      name: 'stages-are-plain-functions',
      severity: 'error',
      comment:
        'DESIGN.md: every arrow is a plain function in src/stages, called by both runners. ' +
        'So a stage must not reach for storage, queues, HTTP or a runner.',
      from: { path: '^src/stages/' },
      to: { path: '^(src/(?!core/|engines/|stages/|extract/|matching/)|queues/|workers/)' },
    },
    {
      name: 'bullmq-only-in-queues-and-workers',
      severity: 'error',
      comment: "queues/ is the only place that knows BullMQ's shapes; workers/ are BullMQ processors.",
      from: { path: '^src/' },
      to: { path: '(^|/)node_modules/bullmq/' },
    },
    {
      name: 'queues-know-only-job-shapes',
      severity: 'error',
      comment: 'Queue code moves ids and storage keys; it needs Recto core types and nothing of the work itself.',
      from: { path: '^queues/' },
      to: { path: '^(src/(?!core/)|workers/)' },
    },
    {
      name: 'local-runner-needs-no-redis',
      severity: 'error',
      comment: '`recto scan` runs on a laptop with no Redis: the local runner must not touch queues or workers.',
      from: { path: '^src/runners/' },
      to: { path: '^(queues/|workers/)|(^|/)node_modules/(bullmq|ioredis)/' },
    },
    {
      name: 'workers-do-not-import-the-outer-ring',
      severity: 'error',
      comment: 'A worker is a stage and a store write; HTTP, pages, commands and start-up sit above it.',
      from: { path: '^workers/' },
      to: { path: `${OUTER_RING}|^src/runners/` },
    },
    {
      name: 'src-starts-workers-through-one-door',
      severity: 'error',
      comment: "Only process start-up (src/service) starts workers, through workers/start-workers.ts; nothing else in src/ knows a worker's internals.",
      from: { path: '^src/', pathNot: '^src/service/' },
      to: { path: '^workers/' },
    },
    {
      name: 'service-uses-the-workers-entry-point',
      severity: 'error',
      comment: "Process start-up starts workers through workers/start-workers.ts, not a worker's internals.",
      from: { path: '^src/service/' },
      to: { path: '^workers/', pathNot: '^workers/start-workers\\.ts$' },
    },
    {
      name: 'inner-layers-do-not-import-the-outer-ring',
      severity: 'error',
      comment: 'Stores, stages, sinks and filing are used by the API, the CLI and the workers alike; they must not depend on any one of them.',
      from: { path: '^src/', pathNot: OUTER_RING },
      to: { path: OUTER_RING },
    },
    {
      name: 'nothing-imports-the-cli',
      severity: 'error',
      comment: 'The CLI is an entry point: other code is called by it, never the other way.',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'sinks-do-not-import-storage',
      severity: 'error',
      comment: 'A sink turns a finished document into a message for a record system; what to send is handed to it.',
      from: { path: '^src/sinks/' },
      to: { path: '^(src/(storage|filing|review|audit)/|queues/|workers/)' },
    },
    {
      name: 'product-code-does-not-import-tests',
      severity: 'error',
      comment: 'Test helpers are not shipped.',
      from: { path: '^(src|queues|workers)/' },
      to: { path: '^test/' },
    },
    {
      name: 'product-code-uses-only-dependencies',
      severity: 'error',
      comment: 'A devDependency is not installed in the production image (npm ci --omit=dev); type-only imports are erased, so they may.',
      from: { path: '^(src|queues|workers)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable-imports',
      severity: 'error',
      comment: 'An import that resolves to nothing fails at run time.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // Types-only packages (@medplum/fhirtypes) name their entry in "types", not "main".
      mainFields: ['main', 'types'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
