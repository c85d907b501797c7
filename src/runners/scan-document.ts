import { createHash } from 'node:crypto';
import type { LimitFunction } from 'p-limit';
import type { ScanOptions } from '../core/config.ts';
import type { Sidecar, SidecarPage } from '../core/sidecar.ts';
import type { CleanedPage, OcrResult } from '../core/types.ts';
import { PRODUCER } from '../core/version.ts';
import type { OcrEngine } from '../engines/ocr-engine.ts';
import { cleanOptionsFor } from '../pipeline/clean-options.ts';
import { assemblePdf } from '../stages/assemble/assemble-pdf.ts';
import { cleanPage } from '../stages/clean/clean-page.ts';
import { detectInputFormat } from '../stages/detect-type.ts';
import { ocrPage } from '../stages/ocr-page.ts';
import { buildSidecar, documentText, sidecarPage } from '../stages/sidecar.ts';
import { openPages } from '../stages/split-pages.ts';

/**
 * The local runner for one document: split → (clean → OCR) per page → assemble, reading
 * top to bottom like the flow in DESIGN.md. Pages run concurrently through `limitPage`, which
 * the batch shares across documents so the OCR pool is always fed but never flooded.
 */

export interface DocumentProgress {
  onPagesKnown?(count: number): void;
  onPageDone?(page: SidecarPage): void;
}

export interface ScanDocumentContext {
  engine: OcrEngine;
  options: ScanOptions;
  limitPage: LimitFunction;
  now?: () => Date;
}

export interface ScannedDocument {
  sidecar: Sidecar;
  /** null when every page was blank and --drop-blank removed them all. */
  pdf: Uint8Array | null;
  text: string;
}

interface ProcessedPage {
  cleaned: CleanedPage;
  ocr: OcrResult;
  sidecar: SidecarPage;
}

export async function scanDocument(
  source: { fileName: string; data: Buffer; stem: string },
  context: ScanDocumentContext,
  progress: DocumentProgress = {},
): Promise<ScannedDocument> {
  const started = performance.now();
  const { options, engine } = context;
  const sha256 = createHash('sha256').update(source.data).digest('hex');
  const format = detectInputFormat(source.data, source.fileName);

  const splitStarted = performance.now();
  const pages = await openPages(source.data, format, source.fileName, options);
  const splitMs = performance.now() - splitStarted;
  progress.onPagesKnown?.(pages.count);

  let processed: ProcessedPage[];
  try {
    processed = await Promise.all(
      Array.from({ length: pages.count }, (_, index) =>
        context.limitPage(async () => {
          const result = await processPage(await pages.load(index), context);
          progress.onPageDone?.(result.sidecar);
          return result;
        }),
      ),
    );
  } finally {
    await pages.close();
  }

  const kept = processed.filter((page) => !page.sidecar.dropped);
  const assembleStarted = performance.now();
  const createdAt = (context.now ?? (() => new Date()))();
  const pdf =
    kept.length === 0
      ? null
      : await assemblePdf(
          kept.map(({ cleaned, ocr }) => ({ page: cleaned, ocr })),
          { title: source.fileName, created: createdAt, documentId: sha256, producer: PRODUCER },
        );
  const assembleMs = performance.now() - assembleStarted;

  const sidecar = buildSidecar({
    source: { fileName: source.fileName, sha256, sizeBytes: source.data.length, format },
    stem: source.stem,
    engineVersion: engine.version,
    createdAt,
    pages: processed.map((page) => page.sidecar),
    pdfSizeBytes: pdf ? pdf.length : null,
    timingsMs: { split: splitMs, assemble: assembleMs, total: performance.now() - started },
  });
  const text = documentText(processed.map((page) => ({ dropped: page.sidecar.dropped, text: page.ocr.text })));
  return { sidecar, pdf, text };
}

async function processPage(raw: Parameters<typeof cleanPage>[0], context: ScanDocumentContext): Promise<ProcessedPage> {
  const { engine, options } = context;
  const cleanStarted = performance.now();
  const cleaned = await cleanPage(raw, cleanOptionsFor(options, engine));
  const cleanMs = performance.now() - cleanStarted;
  const ocrStarted = performance.now();
  const { engineMs, ...ocr } = await ocrPage(cleaned, engine);
  // Engine time when the engine reports it; otherwise wall time, which includes any wait for a worker.
  const ocrMs = engineMs ?? performance.now() - ocrStarted;
  // The OCR image is the largest thing a page holds; it is not needed once read.
  cleaned.ocrImage = Buffer.alloc(0);
  return {
    cleaned,
    ocr,
    sidecar: sidecarPage(cleaned, ocr, options, { clean: cleanMs, ocr: ocrMs }),
  };
}

