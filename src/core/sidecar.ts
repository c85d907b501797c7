import type { Correction, InputFormat, OcrLine, OcrWord } from './types.ts';

/**
 * The JSON sidecar written beside every PDF. Versioned: a consumer checks schemaVersion and a
 * change that would break one bumps it. Coordinates are pixels of the cleaned page image
 * (the image inside the PDF); multiply by 72/dpi for PDF points.
 */
export const SIDECAR_SCHEMA_VERSION = 1;

export interface SidecarPage {
  /** Zero-based page index in the source file. */
  index: number;
  width: number;
  height: number;
  dpi: number;
  bilevel: boolean;
  blank: boolean;
  /** True when --drop-blank left this page out of the PDF and text. */
  dropped: boolean;
  inkRatio: number;
  corrections: Correction[];
  meanConfidence: number;
  lowConfidence: boolean;
  text: string;
  words: OcrWord[];
  lines: OcrLine[];
  timingsMs: { clean: number; ocr: number };
}

export interface Sidecar {
  schemaVersion: typeof SIDECAR_SCHEMA_VERSION;
  producer: string;
  engine: string;
  createdAt: string;
  source: { fileName: string; sha256: string; sizeBytes: number; format: InputFormat };
  output: { pdf: string | null; text: string; pdfSizeBytes: number; sizeRatio: number; pdfStandard: 'PDF/A-2b' };
  pageCount: number;
  meanConfidence: number;
  blankPages: number[];
  lowConfidencePages: number[];
  pages: SidecarPage[];
  timingsMs: { split: number; clean: number; ocr: number; assemble: number; total: number };
}
