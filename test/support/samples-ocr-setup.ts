import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Global setup for the whole run (root config, so every project sees the same folder): an empty
 * folder for the samples' OCR (samples-ocr.ts), removed when the run ends. Nothing is OCR'd
 * here, so a run without a test that needs the samples read costs nothing.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's cache folder for samples-ocr.ts. */
    samplesOcrDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recto-samples-ocr-'));
  project.provide('samplesOcrDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
