import type { BatchSummary } from '../runners/scan-batch.ts';

/** The end-of-batch summary a records officer reads: what was done, what needs a look, where it went. */
export function formatSummaryTable(summary: BatchSummary): string {
  const rows: Array<[string, string]> = [
    ['Documents', `${summary.succeeded} done, ${summary.failed} failed (of ${summary.documents})`],
    ['Pages', String(summary.pages)],
    ['Mean OCR confidence', `${summary.meanConfidence}`],
    ['Blank pages flagged', String(summary.blankPages)],
    ['Low-confidence pages', String(summary.lowConfidencePages)],
    ['Time', `${(summary.elapsedMs / 1000).toFixed(1)} s (${summary.pagesPerMinute} pages/min)`],
    ['Size', `${megabytes(summary.inputBytes)} in → ${megabytes(summary.outputBytes)} PDF`],
    ['Output', summary.outDir],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  const done = summary.results.filter((result) => result.status === 'done');
  // The name column is as wide as the longest name (up to NAME_WIDTH_MAX), so the numbers line up whatever the names.
  const nameWidth = Math.min(NAME_WIDTH_MAX, Math.max(8, ...done.map((result) => result.fileName.length)));
  const perDocument = done
    .map((result) => {
      const flags = [
        result.blankPages.length > 0 ? `blank: p${result.blankPages.map((index) => index + 1).join(',')}` : '',
        result.lowConfidencePages.length > 0 ? `check: p${result.lowConfidencePages.map((index) => index + 1).join(',')}` : '',
      ].filter(Boolean);
      return `  ${fitName(result.fileName, nameWidth).padEnd(nameWidth)} ${String(result.pages).padStart(4)} p  conf ${String(result.meanConfidence).padStart(5)}  ${flags.join('  ')}`;
    });
  return ['', 'Recto scan summary', ...lines, '', ...perDocument].join('\n');
}

export function formatFailures(summary: BatchSummary): string {
  return summary.results
    .filter((result) => result.status === 'failed')
    .map((result) => `✗ ${result.fileName}: ${result.error.code}: ${result.error.message} — ${result.error.hint}`)
    .join('\n');
}

const NAME_WIDTH_MAX = 48;

/** A name too long for the column keeps its start and its end (the extension, the scanner's counter). */
function fitName(name: string, width: number): string {
  if (name.length <= width) return name;
  const tail = Math.floor((width - 1) / 2);
  return `${name.slice(0, width - 1 - tail)}…${name.slice(name.length - tail)}`;
}

const megabytes = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;
