import type { RectoError } from '../core/errors.ts';
import type { Sidecar } from '../core/sidecar.ts';
import type { FilingOutcome } from './local-filing.ts';

/** What `recto scan` reports: one outcome per input, and the batch's totals (the table and --json). */

export type DocumentOutcome =
  | {
      status: 'done';
      fileName: string;
      outputs: { pdf: string | null; text: string; json: string };
      pages: number;
      meanConfidence: number;
      blankPages: number[];
      lowConfidencePages: number[];
      /** Pages with a region that looks like text but could not be read (the sidecar's page textMissing). */
      textMissingPages: number[];
      inputBytes: number;
      outputBytes: number;
      timingsMs: Sidecar['timingsMs'];
      /** With --trust-config: filed to whom (and delivered where, with --deliver), or why it needs a person. */
      filing?: FilingOutcome;
    }
  | {
      status: 'failed';
      fileName: string;
      error: ReturnType<RectoError['toJSON']>;
    };

export interface FilingTotals {
  filed: number;
  review: number;
  /** Documents the patient index could not decide on (down, broken). */
  failed: number;
  delivered: number;
  deliveriesFailed: number;
}

export interface BatchSummary {
  documents: number;
  succeeded: number;
  failed: number;
  pages: number;
  blankPages: number;
  lowConfidencePages: number;
  /** Pages with text that could not be read: the document's text is incomplete there. */
  textMissingPages: number;
  meanConfidence: number;
  elapsedMs: number;
  pagesPerMinute: number;
  inputBytes: number;
  outputBytes: number;
  outDir: string;
  /** With --trust-config only. */
  filing?: FilingTotals;
  results: DocumentOutcome[];
}

export function summarise(results: DocumentOutcome[], outDir: string, elapsedMs: number, filed: boolean): BatchSummary {
  const done = results.filter((result) => result.status === 'done');
  const pages = done.reduce((sum, result) => sum + result.pages, 0);
  const readPages = done.reduce((sum, result) => sum + result.pages - result.blankPages.length, 0);
  const confidenceSum = done.reduce((sum, result) => sum + result.meanConfidence * (result.pages - result.blankPages.length), 0);
  return {
    documents: results.length,
    succeeded: done.length,
    failed: results.length - done.length,
    pages,
    blankPages: done.reduce((sum, result) => sum + result.blankPages.length, 0),
    lowConfidencePages: done.reduce((sum, result) => sum + result.lowConfidencePages.length, 0),
    textMissingPages: done.reduce((sum, result) => sum + result.textMissingPages.length, 0),
    meanConfidence: readPages === 0 ? 0 : Math.round((confidenceSum / readPages) * 10) / 10,
    elapsedMs: Math.round(elapsedMs),
    pagesPerMinute: elapsedMs === 0 ? 0 : Math.round((pages / (elapsedMs / 60_000)) * 10) / 10,
    inputBytes: done.reduce((sum, result) => sum + result.inputBytes, 0),
    outputBytes: done.reduce((sum, result) => sum + result.outputBytes, 0),
    outDir,
    ...(filed ? { filing: filingTotals(done.flatMap((result) => (result.filing ? [result.filing] : []))) } : {}),
    results,
  };
}

function filingTotals(outcomes: FilingOutcome[]): FilingTotals {
  const deliveries = outcomes.flatMap((outcome) => (outcome.outcome === 'file' ? outcome.deliveries : []));
  return {
    filed: outcomes.filter((outcome) => outcome.outcome === 'file').length,
    review: outcomes.filter((outcome) => outcome.outcome === 'review').length,
    failed: outcomes.filter((outcome) => outcome.outcome === 'failed').length,
    delivered: deliveries.filter((delivery) => delivery.status === 'delivered').length,
    deliveriesFailed: deliveries.filter((delivery) => delivery.status === 'failed').length,
  };
}
