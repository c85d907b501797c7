import os from 'node:os';
import { z } from 'zod';
import { RectoError } from './errors.ts';

export const DEFAULT_MAX_PAGES = 2000;

/**
 * What decides the pages and outputs themselves: the same options, with the same defaults, for
 * `recto scan` (from its flags) and the capture service (from its environment, see
 * src/service/pipeline-env.ts), so one scan makes the same PDF, text and sidecar in either.
 */
export const PipelineOptionsSchema = z.object({
  dropBlank: z.boolean().default(false),
  /**
   * Ask tesseract's OSD (legacy engine) about pages whose orientation the line-profile test
   * cannot settle (mostly all-capitals text). Off by default: the legacy engine costs ~450 MB.
   */
  osd: z.boolean().default(false),
  /** Resolution PDFs are rendered at: OCR is most accurate at 300 dpi. */
  pdfDpi: z.coerce.number().int().min(72).max(600).default(300),
  /** Larger inputs are refused as pixel bombs (100 Mpx ≈ A3 at 600 dpi). */
  maxInputPixels: z.coerce.number().int().min(1_000_000).default(100_000_000),
  /**
   * Larger documents are refused before any page is queued (a page tree can list one page
   * 100,000 times in 600 KB). 2000 is several times the thickest paper record a trust scans as
   * one document (a long inpatient stay runs to a few hundred pages) and keeps one document's
   * flow to a few thousand jobs.
   */
  maxPages: z.coerce.number().int().min(1).default(DEFAULT_MAX_PAGES),
  /** JPEG quality of greyscale/colour page images kept in the PDF. */
  jpegQuality: z.coerce.number().int().min(30).max(95).default(70),
  /** Pages whose mean word confidence falls below this are flagged for a person to check. */
  lowConfidenceThreshold: z.coerce.number().min(0).max(100).default(70),
  /**
   * After OCR, check every line of text-like ink against the words read, read missed lines again
   * on their own and flag what stays unread (textMissing). On by default: it is what keeps text
   * from being silently lost. Off only where the words cannot be placed on the page (a stand-in engine).
   */
  textCoverageCheck: z.boolean().default(true),
});

/**
 * Every option of a scan, validated once before any work starts: a typo'd option fails at
 * once with a clear message, not after an hour of OCR. The pipeline's options plus what only
 * the local runner has: where outputs go, how many engines, which files to read.
 */
export const ScanOptionsSchema = PipelineOptionsSchema.extend({
  outDir: z.string().min(1),
  /** OCR workers; each is one tesseract.js thread (~150–250 MB). Defaults to the cores available. */
  workers: z.coerce.number().int().min(1).max(64).default(Math.max(1, os.availableParallelism())),
  /** Read sub-folders of the folders given, too (a scanner's dated sub-folders). */
  recursive: z.boolean().default(false),
  /** The service limits uploads instead (MAX_UPLOAD_BYTES). */
  maxInputBytes: z.coerce.number().int().min(1).default(512 * 1024 * 1024),
});

export type PipelineOptions = z.infer<typeof PipelineOptionsSchema>;
export type PipelineOptionsInput = z.input<typeof PipelineOptionsSchema>;
export type ScanOptions = z.infer<typeof ScanOptionsSchema>;
export type ScanOptionsInput = z.input<typeof ScanOptionsSchema>;

export function parseScanOptions(input: ScanOptionsInput): ScanOptions {
  const result = ScanOptionsSchema.safeParse(input);
  if (!result.success) throw new RectoError('INVALID_OPTIONS', z.prettifyError(result.error));
  return result.data;
}

export function parsePipelineOptions(input: PipelineOptionsInput = {}): PipelineOptions {
  const result = PipelineOptionsSchema.safeParse(input);
  if (!result.success) throw new RectoError('INVALID_OPTIONS', z.prettifyError(result.error));
  return result.data;
}
