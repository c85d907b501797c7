import { formatNhsNumber } from '../core/nhs-number.ts';
import type { FilingOutcome } from '../runners/local-filing.ts';
import type { BatchSummary, DocumentOutcome } from '../runners/scan-batch.ts';

/** The end-of-batch summary a records officer reads: what was done, what needs a look, where it went. */
export function formatSummaryTable(summary: BatchSummary): string {
  const rows: Array<[string, string]> = [
    ['Documents', `${summary.succeeded} done, ${summary.failed} failed (of ${summary.documents})`],
    ['Pages', String(summary.pages)],
    ['Mean OCR confidence', `${summary.meanConfidence}`],
    ['Blank pages flagged', String(summary.blankPages)],
    ['Low-confidence pages', String(summary.lowConfidencePages)],
    ['Pages with text unread', String(summary.textMissingPages)],
    ...filingRows(summary),
    ['Time', `${(summary.elapsedMs / 1000).toFixed(1)} s (${summary.pagesPerMinute} pages/min)`],
    ['Size', `${megabytes(summary.inputBytes)} in → ${megabytes(summary.outputBytes)} PDF`],
    ['Output', summary.outDir],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  const done = summary.results.filter((result) => result.status === 'done');
  // The name column is as wide as the longest name (up to NAME_WIDTH_MAX), so the numbers line up whatever the names.
  const nameWidth = Math.min(NAME_WIDTH_MAX, Math.max(8, ...done.map((result) => result.fileName.length)));
  const perDocument = done.flatMap((result) => {
    const flags = [
      result.blankPages.length > 0 ? `blank: p${result.blankPages.map((index) => index + 1).join(',')}` : '',
      result.lowConfidencePages.length > 0 ? `check: p${result.lowConfidencePages.map((index) => index + 1).join(',')}` : '',
      result.textMissingPages.length > 0 ? `text unread: p${result.textMissingPages.map((index) => index + 1).join(',')}` : '',
    ].filter(Boolean);
    const line = `  ${fitName(result.fileName, nameWidth).padEnd(nameWidth)} ${String(result.pages).padStart(4)} p  conf ${String(result.meanConfidence).padStart(5)}  ${flags.join('  ')}`;
    return result.filing ? [line.trimEnd(), ...describeFiling(result.filing)] : [line];
  });
  return ['', 'Recto scan summary', ...lines, '', ...perDocument].join('\n');
}

/** One line per failed document, failed decision and failed delivery: code, reason, what to do. Empty when all went well. */
export function formatFailures(summary: BatchSummary): string {
  return summary.results.flatMap(failureLines).join('\n');
}

function failureLines(result: DocumentOutcome): string[] {
  if (result.status === 'failed') return [`✗ ${result.fileName}: ${result.error.code}: ${result.error.message} — ${result.error.hint}`];
  const { filing } = result;
  if (filing?.outcome === 'failed') return [`✗ ${result.fileName}: not decided: ${filing.error.code}: ${filing.error.message} — ${filing.error.hint}`];
  if (filing?.outcome !== 'file') return [];
  return filing.deliveries.flatMap((delivery) =>
    delivery.status === 'failed' ? [`✗ ${result.fileName}: not delivered to ${delivery.sink}: ${delivery.error.code}: ${delivery.error.message} — ${delivery.error.hint}`] : [],
  );
}

function filingRows(summary: BatchSummary): Array<[string, string]> {
  if (!summary.filing) return [];
  const { filed, review, failed, delivered, deliveriesFailed } = summary.filing;
  return [
    ['Filed', String(filed)],
    ['To review', String(review)],
    ...(failed > 0 ? [['Not decided', String(failed)] as [string, string]] : []),
    ...(delivered + deliveriesFailed > 0 ? [['Deliveries', `${delivered} done, ${deliveriesFailed} failed`] as [string, string]] : []),
  ];
}

/** Indented under the document's line: filed to whom and sent where, or every reason a person must look. */
function describeFiling(filing: FilingOutcome): string[] {
  switch (filing.outcome) {
    case 'file': {
      const { patient } = filing;
      const where = filing.sinks.length > 0 ? ` → ${filing.sinks.join(', ')}` : ' (routed to no record system)';
      const sent = filing.deliveries.map((delivery) =>
        delivery.status === 'delivered'
          ? `      ${delivery.sink}: ${delivery.alreadyDelivered ? 'already there' : 'delivered'} (${delivery.remoteId})`
          : `      ${delivery.sink}: failed (${delivery.error.code})`,
      );
      return [`      filed: ${formatNhsNumber(patient.nhsNumber)} ${[...patient.given, patient.family.toUpperCase()].join(' ')}${where}`, ...sent];
    }
    case 'review':
      return [`      review: ${filing.reasons.map((reason) => reason.code).join(', ')}`];
    case 'failed':
      return [`      not decided: ${filing.error.code}`];
  }
}

const NAME_WIDTH_MAX = 48;

/** A name too long for the column keeps its start and its end (the extension, the scanner's counter). */
function fitName(name: string, width: number): string {
  if (name.length <= width) return name;
  const tail = Math.floor((width - 1) / 2);
  return `${name.slice(0, width - 1 - tail)}…${name.slice(name.length - tail)}`;
}

const megabytes = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;
