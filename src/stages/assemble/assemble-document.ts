import type { PipelineOptions } from '../../core/config.ts';
import type { Sidecar } from '../../core/sidecar.ts';
import type { CleanedPage, InputFormat, OcrResult } from '../../core/types.ts';
import { PRODUCER } from '../../core/version.ts';
import type { ExtractedFields } from '../../extract/extracted-fields.ts';
import { buildSidecar, documentText, sidecarPage } from './build-sidecar.ts';
import { assemblePdf } from './assemble-pdf.ts';

/**
 * The assemble stage for one document, the same for both runners: the pages kept (blank ones
 * left out under dropBlank) become the searchable PDF/A and the text, and every page, the
 * fields read and the timings become the sidecar. `recto scan` calls it with the pages it has
 * just read; the queue's assemble worker with the pages its clean and OCR jobs stored.
 */

/** One page as the clean and OCR stages left it, with the time each took on it. */
export interface ProcessedPage {
  /** The OCR image may be empty: assembly needs only the display image. */
  cleaned: CleanedPage;
  ocr: OcrResult;
  /** `reread`: the part of `ocr` spent re-reading regions the page's read missed, when there were any. */
  timingsMs: { clean: number; ocr: number; reread?: number };
}

/** The document being assembled, as the runner knows it. */
export interface DocumentSource {
  fileName: string;
  /** The outputs' file name without extension (the local runner makes names in a batch unique). */
  stem: string;
  sha256: string;
  sizeBytes: number;
  format: InputFormat;
  /** When the document was received: the PDF's creation date and the sidecar's createdAt, so assembling again gives the same PDF. */
  receivedAt: Date;
}

export interface AssembleInput {
  source: DocumentSource;
  /** Every page in page order, blank ones included: the sidecar lists them all. */
  pages: ProcessedPage[];
  fields: ExtractedFields;
  engineVersion: string;
  options: Pick<PipelineOptions, 'dropBlank' | 'lowConfidenceThreshold'>;
  /** As measured where the split ran (in this process, or by the split worker). */
  splitMs: number;
  /** The document's time so far as the runner counts it (the service counts from the upload). */
  elapsedMs: () => number;
}

export interface AssembledDocument {
  sidecar: Sidecar;
  /** null when every page was blank and dropBlank removed them all. */
  pdf: Uint8Array | null;
  text: string;
}

export async function assembleDocument(input: AssembleInput): Promise<AssembledDocument> {
  const started = performance.now();
  const { source, options } = input;
  const pages = input.pages.map((page) => ({ ...page, record: sidecarPage(page.cleaned, page.ocr, options, page.timingsMs) }));
  const kept = pages.filter((page) => !page.record.dropped);
  const pdf =
    kept.length === 0
      ? null
      : await assemblePdf(
          kept.map(({ cleaned, ocr }) => ({ page: cleaned, ocr })),
          { title: source.fileName, created: source.receivedAt, documentId: source.sha256, producer: PRODUCER },
        );
  const text = documentText(pages.map((page) => ({ dropped: page.record.dropped, text: page.ocr.text })));
  const sidecar = buildSidecar({
    source: { fileName: source.fileName, sha256: source.sha256, sizeBytes: source.sizeBytes, format: source.format },
    stem: source.stem,
    engineVersion: input.engineVersion,
    createdAt: source.receivedAt,
    pages: pages.map((page) => page.record),
    fields: input.fields,
    pdfSizeBytes: pdf ? pdf.length : null,
    timingsMs: { split: input.splitMs, assemble: performance.now() - started, total: input.elapsedMs() },
  });
  return { sidecar, pdf, text };
}
