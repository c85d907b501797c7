import { createHash } from 'node:crypto';
import type { LimitFunction } from 'p-limit';
import type { ScanOptions } from '../core/config.ts';
import { SIDECAR_SCHEMA_VERSION, type Sidecar, type SidecarPage } from '../core/sidecar.ts';
import type { CleanedPage, OcrResult } from '../core/types.ts';
import { PRODUCER } from '../core/version.ts';
import type { OcrEngine } from '../engines/ocr-engine.ts';
import { assemblePdf } from '../stages/assemble/assemble-pdf.ts';
import { cleanPage } from '../stages/clean/clean-page.ts';
import { detectInputFormat } from '../stages/detect-type.ts';
import { ocrPage } from '../stages/ocr-page.ts';
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

  const sidecarPages = processed.map((page) => page.sidecar);
  const readPages = sidecarPages.filter((page) => !page.blank);
  const wordCount = readPages.reduce((sum, page) => sum + page.words.length, 0);
  const sidecar: Sidecar = {
    schemaVersion: SIDECAR_SCHEMA_VERSION,
    producer: PRODUCER,
    engine: engine.version,
    createdAt: createdAt.toISOString(),
    source: { fileName: source.fileName, sha256, sizeBytes: source.data.length, format },
    output: {
      pdf: pdf ? `${source.stem}.pdf` : null,
      text: `${source.stem}.txt`,
      pdfSizeBytes: pdf?.length ?? 0,
      sizeRatio: round((pdf?.length ?? 0) / source.data.length, 3),
      pdfStandard: 'PDF/A-2b',
    },
    pageCount: pages.count,
    meanConfidence:
      wordCount === 0 ? 0 : round(readPages.reduce((sum, page) => sum + page.meanConfidence * page.words.length, 0) / wordCount, 1),
    blankPages: sidecarPages.filter((page) => page.blank).map((page) => page.index),
    lowConfidencePages: sidecarPages.filter((page) => page.lowConfidence).map((page) => page.index),
    pages: sidecarPages,
    timingsMs: {
      split: Math.round(splitMs),
      clean: Math.round(sidecarPages.reduce((sum, page) => sum + page.timingsMs.clean, 0)),
      ocr: Math.round(sidecarPages.reduce((sum, page) => sum + page.timingsMs.ocr, 0)),
      assemble: Math.round(assembleMs),
      total: Math.round(performance.now() - started),
    },
  };
  const text = kept.map((page) => page.ocr.text).join('\f');
  return { sidecar, pdf, text };
}

async function processPage(raw: Parameters<typeof cleanPage>[0], context: ScanDocumentContext): Promise<ProcessedPage> {
  const { engine, options } = context;
  const cleanStarted = performance.now();
  const cleaned = await cleanPage(raw, {
    jpegQuality: options.jpegQuality,
    detectOrientation: engine.detectOrientation?.bind(engine),
  });
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
    sidecar: {
      index: cleaned.index,
      width: cleaned.width,
      height: cleaned.height,
      dpi: cleaned.dpi,
      bilevel: cleaned.bilevel,
      blank: cleaned.blank,
      dropped: cleaned.blank && options.dropBlank,
      inkRatio: cleaned.inkRatio,
      corrections: cleaned.corrections,
      meanConfidence: ocr.meanConfidence,
      lowConfidence: !cleaned.blank && ocr.meanConfidence < options.lowConfidenceThreshold,
      text: ocr.text,
      words: ocr.words,
      lines: ocr.lines,
      timingsMs: { clean: Math.round(cleanMs), ocr: Math.round(ocrMs) },
    },
  };
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
