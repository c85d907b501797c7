import type { PipelineOptions } from '../../core/config.ts';
import { SIDECAR_SCHEMA_VERSION, type Sidecar, type SidecarPage } from '../../core/sidecar.ts';
import type { CleanedPage, InputFormat, OcrResult } from '../../core/types.ts';
import { PRODUCER } from '../../core/version.ts';
import type { ExtractedFields } from '../../extract/extracted-fields.ts';

/** Builds the JSON sidecar (src/core/sidecar.ts); assembleDocument calls it for both runners. */

export type PagePolicy = Pick<PipelineOptions, 'dropBlank' | 'lowConfidenceThreshold'>;

export function sidecarPage(
  cleaned: Omit<CleanedPage, 'displayImage' | 'ocrImage'>,
  ocr: OcrResult,
  policy: PagePolicy,
  timingsMs: { clean: number; ocr: number; reread?: number },
): SidecarPage {
  return {
    index: cleaned.index,
    width: cleaned.width,
    height: cleaned.height,
    dpi: cleaned.dpi,
    bilevel: cleaned.bilevel,
    blank: cleaned.blank,
    dropped: cleaned.blank && policy.dropBlank,
    inkRatio: cleaned.inkRatio,
    corrections: cleaned.corrections,
    meanConfidence: ocr.meanConfidence,
    lowConfidence: !cleaned.blank && ocr.meanConfidence < policy.lowConfidenceThreshold,
    text: ocr.text,
    words: ocr.words,
    lines: ocr.lines,
    ...(ocr.readBy ? { readBy: ocr.readBy } : {}),
    // Only on pages where something is missing: sidecars of complete pages stay as they were.
    ...(ocr.textMissing && ocr.textMissing.length > 0 ? { textMissing: ocr.textMissing } : {}),
    timingsMs: {
      clean: Math.round(timingsMs.clean),
      ocr: Math.round(timingsMs.ocr),
      ...(timingsMs.reread ? { reread: Math.round(timingsMs.reread) } : {}),
    },
  };
}

export interface SidecarInput {
  source: { fileName: string; sha256: string; sizeBytes: number; format: InputFormat };
  /** Output file name without extension. */
  stem: string;
  engineVersion: string;
  createdAt: Date;
  pages: SidecarPage[];
  fields: ExtractedFields;
  pdfSizeBytes: number | null;
  timingsMs: { split: number; assemble: number; total: number };
}

export function buildSidecar(input: SidecarInput): Sidecar {
  const { pages, source } = input;
  const readPages = pages.filter((page) => !page.blank);
  const wordCount = readPages.reduce((sum, page) => sum + page.words.length, 0);
  const weightedConfidence = readPages.reduce((sum, page) => sum + page.meanConfidence * page.words.length, 0);
  const pdfSize = input.pdfSizeBytes ?? 0;
  return {
    schemaVersion: SIDECAR_SCHEMA_VERSION,
    producer: PRODUCER,
    engine: input.engineVersion,
    createdAt: input.createdAt.toISOString(),
    source,
    output: {
      pdf: input.pdfSizeBytes === null ? null : `${input.stem}.pdf`,
      text: `${input.stem}.txt`,
      pdfSizeBytes: pdfSize,
      sizeRatio: round(pdfSize / Math.max(1, source.sizeBytes), 3),
      pdfStandard: 'PDF/A-2b',
    },
    pageCount: pages.length,
    meanConfidence: wordCount === 0 ? 0 : round(weightedConfidence / wordCount, 1),
    blankPages: pages.filter((page) => page.blank).map((page) => page.index),
    lowConfidencePages: pages.filter((page) => page.lowConfidence).map((page) => page.index),
    fields: input.fields,
    pages,
    timingsMs: {
      split: Math.round(input.timingsMs.split),
      clean: Math.round(pages.reduce((sum, page) => sum + page.timingsMs.clean, 0)),
      ocr: Math.round(pages.reduce((sum, page) => sum + page.timingsMs.ocr, 0)),
      assemble: Math.round(input.timingsMs.assemble),
      total: Math.round(input.timingsMs.total),
    },
  };
}

/** The document's text: kept pages in order, separated by form feeds. */
export function documentText(pages: Array<{ dropped: boolean; text: string }>): string {
  return pages
    .filter((page) => !page.dropped)
    .map((page) => page.text)
    .join('\f');
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
