import { formatNhsNumber } from '../core/nhs-number.ts';
import type { SearchHit, SearchPage, SnippetSegment } from '../search/search-index.ts';

/** Pages shown per document in the table; --json gives them all. */
const PAGES_SHOWN = 3;

/**
 * `recto search`'s answer for a person at a terminal: one row per matched page (the first few of
 * each document), the matched words in [brackets]; a document not yet attributed says so rather
 * than leaving the patient blank, so it is never read as "no patient".
 */
export function formatSearchTable(page: SearchPage): string {
  if (page.hits.length === 0) return 'no documents match\n';
  const rows: string[][] = [['document', 'patient', 'type', 'date', 'page', 'snippet']];
  for (const hit of page.hits) {
    const facts = [hit.documentId, patientOf(hit), hit.documentType ?? '-', hit.documentDate ?? 'undated'];
    if (hit.pages.length === 0) rows.push([...facts, '-', `${hit.pageCount} page${hit.pageCount === 1 ? '' : 's'}`]);
    hit.pages.slice(0, PAGES_SHOWN).forEach((pageHit, n) => {
      rows.push([...(n === 0 ? facts : facts.map(() => '')), String(pageHit.index + 1), snippetText(pageHit.snippet)]);
    });
    if (hit.matchedPageCount > PAGES_SHOWN) rows.push(['', '', '', '', '', `… ${hit.matchedPageCount - PAGES_SHOWN} more matched pages`]);
  }
  const widths = rows[0].slice(0, -1).map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => row.map((cell, column) => (column < widths.length ? cell.padEnd(widths[column]) : cell)).join('  ').trimEnd());
  const more = page.nextCursor ? [`more: --cursor ${page.nextCursor}`] : [];
  return `${[...lines, '', `${page.hits.length} document${page.hits.length === 1 ? '' : 's'}`, ...more].join('\n')}\n`;
}

function patientOf(hit: SearchHit): string {
  if (hit.nhsNumber === null) return '(not confirmed)';
  return `${formatNhsNumber(hit.nhsNumber)}${hit.patientName ? ` ${hit.patientName}` : ''}`;
}

/** One line: OCR line breaks as spaces, the hits marked, control characters and bidi overrides a page may hold never reach the terminal. */
function snippetText(segments: SnippetSegment[]): string {
  const text = segments.map((segment) => (segment.hit ? `[${segment.text}]` : segment.text)).join('');
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ').replace(/\s+/g, ' ').trim();
}
