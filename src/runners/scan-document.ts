import { createHash } from 'node:crypto';
import type { LimitFunction } from 'p-limit';
import type { PipelineOptions } from '../core/config.ts';
import type { RawPage } from '../core/types.ts';
import type { OcrEngine } from '../engines/ocr-engine.ts';
import type { ExtractionConfig } from '../extract/extraction-config.ts';
import { cleanOptionsFor } from '../stages/clean/clean-options.ts';
import { type AssembledDocument, assembleDocument, type ProcessedPage } from '../stages/assemble/assemble-document.ts';
import { cleanPage } from '../stages/clean/clean-page.ts';
import { detectInputFormat } from '../stages/split/detect-type.ts';
import { extract } from '../stages/decide/extract.ts';
import { ocrPage } from '../stages/ocr/ocr-page.ts';
import { openPages } from '../stages/split/split-pages.ts';

/**
 * The local runner for one document: split → (clean → OCR) per page → extract → assemble,
 * reading top to bottom like the flow in DESIGN.md. Pages run concurrently through `limitPage`,
 * which the batch shares across documents so the OCR pool is always fed but never flooded.
 */

export interface DocumentProgress {
  onPagesKnown?(count: number): void;
  onPageDone?(pageIndex: number): void;
}

export interface ScanDocumentContext {
  engine: OcrEngine;
  options: PipelineOptions;
  limitPage: LimitFunction;
  /** The trust's extraction settings (--trust-config); the defaults without. */
  extraction?: ExtractionConfig;
  now?: () => Date;
}

export type ScannedDocument = AssembledDocument;

export async function scanDocument(
  source: { fileName: string; data: Buffer; stem: string },
  context: ScanDocumentContext,
  progress: DocumentProgress = {},
): Promise<ScannedDocument> {
  const started = performance.now();
  const receivedAt = (context.now ?? (() => new Date()))();
  const sha256 = createHash('sha256').update(source.data).digest('hex');
  const format = detectInputFormat(source.data, source.fileName);

  const splitStarted = performance.now();
  const pages = await openPages(source.data, format, source.fileName, context.options);
  const splitMs = performance.now() - splitStarted;
  progress.onPagesKnown?.(pages.count);

  let processed: ProcessedPage[];
  try {
    processed = await Promise.all(
      Array.from({ length: pages.count }, (_, index) =>
        context.limitPage(async () => {
          const page = await processPage(await pages.load(index), context);
          progress.onPageDone?.(index);
          return page;
        }),
      ),
    );
  } finally {
    await pages.close();
  }

  const fields = extract(processed.map((page) => page.ocr), context.extraction);
  return assembleDocument({
    source: { fileName: source.fileName, stem: source.stem, sha256, sizeBytes: source.data.length, format, receivedAt },
    pages: processed,
    fields,
    engineVersion: context.engine.version,
    options: context.options,
    splitMs,
    elapsedMs: () => performance.now() - started,
  });
}

async function processPage(raw: RawPage, context: ScanDocumentContext): Promise<ProcessedPage> {
  const { engine, options } = context;
  const cleanStarted = performance.now();
  const cleaned = await cleanPage(raw, cleanOptionsFor(options, engine));
  const cleanMs = performance.now() - cleanStarted;
  const ocrStarted = performance.now();
  const { engineMs, rereadMs, ...ocr } = await ocrPage(cleaned, engine, options);
  // Engine time when the engine reports it; otherwise wall time, which includes any wait for a worker.
  const ocrMs = engineMs ?? performance.now() - ocrStarted;
  // The OCR image is the largest thing a page holds; it is not needed once read.
  cleaned.ocrImage = Buffer.alloc(0);
  return { cleaned, ocr, timingsMs: { clean: cleanMs, ocr: ocrMs, ...(rereadMs ? { reread: rereadMs } : {}) } };
}
