import { defineConfig } from 'vitest/config';

/**
 * Four projects, one folder each (`vitest run --project NAME`, or `npm run test:NAME`):
 * - unit: pure logic, no OCR, no sharp-heavy image work, no qpdf/poppler, no Redis or HTTP; files in parallel.
 * - image: the image stages (split, render, clean, assemble) and the bad-input corpus, with sharp, pdf.js, qpdf, poppler.
 * - golden: every sample through the real OCR, against its true text and manifest.
 * - int: real Redis, HTTP, child processes and Chromium.
 * The heavy three run their files one at a time (OCR worker pools and sharp on 2 cores only
 * thrash in parallel), each project after the one before (groupOrder), unit first.
 */
const heavy = { testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false } as const;

export default defineConfig({
  test: {
    // One folder for the whole run where the samples' OCR is kept (test/support/samples-ocr.ts).
    globalSetup: ['test/support/samples-ocr-setup.ts'],
    projects: [
      // Pure tests spend their time loading modules: one worker per core.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], maxWorkers: '100%', sequence: { groupOrder: 0 } } },
      { test: { name: 'image', include: ['test/image/**/*.test.ts'], ...heavy, sequence: { groupOrder: 1 } } },
      { test: { name: 'golden', include: ['test/golden/**/*.test.ts'], ...heavy, sequence: { groupOrder: 2 } } },
      { test: { name: 'int', include: ['test/int/**/*.test.ts'], ...heavy, sequence: { groupOrder: 3 } } },
    ],
  },
});
