import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The import rules of .dependency-cruiser.cjs (run by `npm run check`) are only worth having if
 * they fail on the imports they forbid. This runs depcruise, with the real rule file, on a small
 * tree holding one forbidden import per rule, and on the real tree, which must have none.
 */

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const depcruise = path.join(repo, 'node_modules/.bin/depcruise');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function violationsIn(root: string): Promise<Violation[]> {
  // depcruise exits non-zero when it finds violations; the JSON report is on stdout either way.
  const result = await run(depcruise, ['src', 'workers', 'queues', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  return (JSON.parse(result.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

/** A tree shaped like Recto's with the given files (path → source). */
function treeWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'recto-rules-'));
  copyFileSync(path.join(repo, '.dependency-cruiser.cjs'), path.join(root, '.dependency-cruiser.cjs'));
  copyFileSync(path.join(repo, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  copyFileSync(path.join(repo, 'package.json'), path.join(root, 'package.json'));
  symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), source);
  }
  return root;
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

// depcruise reads the whole tree (~4 s alone): generous on a loaded machine.
describe('architecture rules', { timeout: 60_000 }, () => {
  it('the real tree keeps every rule', async () => {
    const violations = await violationsIn(repo);
    expect(violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`)).toEqual([]);
  });

  it('each forbidden import fails with the rule that forbids it', async () => {
    const root = treeWith({
      'src/core/errors.ts': "import { sidecar } from '../stages/sidecar.ts';\nexport const errors = sidecar;\n",
      'src/stages/sidecar.ts': "import { store } from '../storage/store.ts';\nexport const sidecar = store;\n",
      'src/stages/queue-aware.ts': "import type { Job } from 'bullmq';\nexport type StageJob = Job;\n",
      'src/storage/store.ts': 'export const store = 1;\n',
      'src/storage/routes-aware.ts': "import { route } from '../api/route.ts';\nexport const aware = route;\n",
      'src/api/route.ts': "import { work } from '../../workers/some-worker.ts';\nexport const route = work;\n",
      'src/runners/local.ts': "import { names } from '../../queues/names.ts';\nexport const local = names;\n",
      'src/sinks/sink.ts': "import { store } from '../storage/store.ts';\nexport const sink = store;\n",
      'src/filing/file.ts': "import { main } from '../cli/main.ts';\nexport const file = main;\n",
      'src/cli/main.ts': 'export const main = 1;\n',
      'src/service/start.ts': "import { work } from '../../workers/some-worker.ts';\nexport const start = work;\n",
      'queues/names.ts': "import { store } from '../src/storage/store.ts';\nexport const names = store;\n",
      'workers/some-worker.ts': "import { route } from '../src/api/route.ts';\nexport const work = 1;\nexport const again = route;\n",
      'workers/start-workers.ts': 'export const startWorkers = 1;\n',
      'src/extract/cycle-a.ts': "import { b } from './cycle-b.ts';\nexport const a = () => b;\n",
      'src/extract/cycle-b.ts': "import { a } from './cycle-a.ts';\nexport const b = () => a;\n",
      'src/matching/uses-dev-dependency.ts': "import { chromium } from 'playwright-core';\nexport const browser = chromium;\n",
    });
    roots.push(root);
    const fired = new Set((await violationsIn(root)).map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`));
    expect([...fired].sort()).toEqual(
      expect.arrayContaining([
        'core-imports-only-core: src/core/errors.ts → src/stages/sidecar.ts',
        'stages-are-plain-functions: src/stages/sidecar.ts → src/storage/store.ts',
        expect.stringMatching(/^bullmq-only-in-queues-and-workers: src\/stages\/queue-aware\.ts → .*node_modules\/bullmq\//),
        'inner-layers-do-not-import-the-outer-ring: src/storage/routes-aware.ts → src/api/route.ts',
        'src-starts-workers-through-one-door: src/api/route.ts → workers/some-worker.ts',
        'local-runner-needs-no-redis: src/runners/local.ts → queues/names.ts',
        'sinks-do-not-import-storage: src/sinks/sink.ts → src/storage/store.ts',
        'nothing-imports-the-cli: src/filing/file.ts → src/cli/main.ts',
        'service-uses-the-workers-entry-point: src/service/start.ts → workers/some-worker.ts',
        'queues-know-only-job-shapes: queues/names.ts → src/storage/store.ts',
        'workers-do-not-import-the-outer-ring: workers/some-worker.ts → src/api/route.ts',
        'no-circular: src/extract/cycle-a.ts → src/extract/cycle-b.ts',
        expect.stringMatching(/^product-code-uses-only-dependencies: src\/matching\/uses-dev-dependency\.ts → .*node_modules\/playwright-core\//),
      ]),
    );
  });
});
