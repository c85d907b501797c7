import { formatNhsNumber } from '../core/nhs-number.ts';
import { DOCUMENT_TYPES } from '../extract/document-types.ts';
import type { SearchHit, SearchPage, SnippetSegment } from '../search/search-index.ts';
import { type Html, html } from './html.ts';

/** What the search page shows under the form: a patient's timeline, or ranked hits with snippets. */

export function typeName(key: string | null): string {
  return DOCUMENT_TYPES.find((entry) => entry.key === key)?.display ?? 'Type not known';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026-03-14 → 14 Mar 2026: the NHS style for dates, unambiguous to anyone. */
export function ukDate(iso: string | null): string {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return match ? `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}` : 'No date';
}

/** Snippet pieces, each escaped; the matched words in <mark>. */
export function markedText(segments: readonly SnippetSegment[]): Html {
  return html`${segments.map((segment) => (segment.hit ? html`<mark>${segment.text}</mark>` : html`${segment.text}`))}`;
}

export function viewerHref(documentId: string, text: string | undefined, page?: number): string {
  const query = text ? `?${new URLSearchParams({ q: text })}` : '';
  return `/documents/${encodeURIComponent(documentId)}${query}${page === undefined ? '' : `#page-${page + 1}`}`;
}

/** A patient's documents, newest first, as a table a screen reader can walk. */
export function timelineTable(page: SearchPage, caption: string): Html {
  if (page.hits.length === 0) return html`<p class="nhsuk-body" id="no-results">No documents found.</p>`;
  return html`<table class="nhsuk-table" id="timeline">
    <caption class="nhsuk-table__caption">${caption}</caption>
    <thead class="nhsuk-table__head"><tr>
      <th scope="col">Date</th><th scope="col">Type</th><th scope="col">Author</th><th scope="col">Department</th><th scope="col">Pages</th><th scope="col">File</th>
    </tr></thead>
    <tbody class="nhsuk-table__body">${page.hits.map(
      (hit) => html`<tr class="nhsuk-table__row" data-document="${hit.documentId}">
        <td class="nhsuk-table__cell">${ukDate(hit.documentDate)}</td>
        <td class="nhsuk-table__cell"><a href="${viewerHref(hit.documentId, undefined)}">${typeName(hit.documentType)}</a></td>
        <td class="nhsuk-table__cell">${hit.author ?? ''}</td>
        <td class="nhsuk-table__cell">${hit.department ?? ''}</td>
        <td class="nhsuk-table__cell">${hit.pageCount}</td>
        <td class="nhsuk-table__cell recto-file-name">${hit.fileName}</td></tr>`,
    )}</tbody></table>`;
}

/** Ranked hits: each document, then each matching page's snippet linking to that page in the viewer. */
export function rankedHits(page: SearchPage, text: string): Html {
  if (page.hits.length === 0) return html`<p class="nhsuk-body" id="no-results">No documents hold those words.</p>`;
  return html`<ol class="nhsuk-list recto-hits" id="hits">${page.hits.map((hit) => html`<li class="recto-hit-result" data-document="${hit.documentId}">
    <h3 class="nhsuk-heading-s nhsuk-u-margin-bottom-1"><a href="${viewerHref(hit.documentId, text, hit.pages[0]?.index)}">${typeName(hit.documentType)}, ${ukDate(hit.documentDate)}</a></h3>
    <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">${patientLine(hit)} · ${hit.fileName} · words on ${hit.matchedPageCount} of ${hit.pageCount} ${hit.pageCount === 1 ? 'page' : 'pages'}</p>
    <ul class="nhsuk-list">${hit.pages.map((pageHit) => html`<li><a href="${viewerHref(hit.documentId, text, pageHit.index)}">Page ${pageHit.index + 1}</a>: <span class="recto-snippet">${markedText(pageHit.snippet)}</span></li>`)}</ul>
  </li>`)}</ol>`;
}

export function patientLine(hit: SearchHit): string {
  if (!hit.nhsNumber) return 'Patient not confirmed yet';
  return `${hit.patientName ?? 'Name not read'}, NHS number ${formatNhsNumber(hit.nhsNumber)}`;
}
