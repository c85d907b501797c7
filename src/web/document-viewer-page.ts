import type { Identity } from '../auth/roles.ts';
import type { BBox } from '../core/types.ts';
import type { PageHit, SearchHit } from '../search/search-index.ts';
import type { DocumentRecord } from '../storage/storage.ts';
import { type Html, html } from './html.ts';
import { pageLayout, RECTO_ASSETS } from './page-layout.ts';
import { markedText, patientLine, typeName, ukDate } from './search-results.ts';

export interface ViewerContext {
  document: DocumentRecord;
  /** The document as the search index holds it (its patient once filed), with the pages `q` hits. */
  indexed: SearchHit | null;
  /** Each page's pixel size, by page index: the boxes' coordinate space. */
  pageSizes: Map<number, { width: number; height: number }>;
  /** Each page's text, by page index, for the pages `q` does not hit. */
  pageTexts: string[];
  q: string | undefined;
  /** Why `q` could not be searched, when it could not. */
  qProblem?: string;
  who: Identity | undefined;
}

const FILING: Record<string, string> = {
  pending: 'Being filed',
  filed: 'Filed to the patient',
  review: 'Waiting for a reviewer to confirm the patient',
  failed: 'Filing failed; records staff have been told',
};

/**
 * One document: who and what it is, thumbnails of its pages, each page image with the boxes of
 * the searched words drawn where they are (placed as percentages of the page, so they stay put
 * at any zoom), the page's text beside it with the same words marked, and the PDF/A to download.
 * viewer.js places the boxes (the CSP allows no style attributes), works the zoom buttons, and
 * moves focus to the page a thumbnail (or the address) goes to, its image scrollable by keyboard.
 */
export function documentViewerPage(context: ViewerContext): Html {
  const { document, indexed, pageSizes, q, who } = context;
  const pages = [...pageSizes.keys()].sort((a, b) => a - b);
  const hitsByPage = new Map((indexed?.pages ?? []).map((page) => [page.index, page]));
  const title = indexed ? `${typeName(indexed.documentType)}, ${ukDate(indexed.documentDate)}` : document.fileName;
  const pdfReady = document.status === 'done' && document.outputs.pdfKey !== null;
  return pageLayout(
    title,
    html`<link rel="stylesheet" href="${RECTO_ASSETS}/viewer.css">
    <script src="${RECTO_ASSETS}/viewer.js" defer></script>
    <h1>${title}</h1>
    ${summary(context)}
    <form method="get" action="/documents/${document.id}" class="recto-viewer__find">
      <div class="nhsuk-form-group${context.qProblem ? ' nhsuk-form-group--error' : ''}">
        <label class="nhsuk-label" for="q">Find in this document</label>
        ${context.qProblem ? html`<span class="nhsuk-error-message" id="q-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${context.qProblem}</span>` : ''}
        <input class="nhsuk-input nhsuk-input--width-20" id="q" name="q" type="text" value="${q ?? ''}" autocomplete="off"${context.qProblem ? html` aria-describedby="q-error"` : ''}>
      </div>
      <button class="nhsuk-button nhsuk-button--secondary" type="submit">Find</button>
    </form>
    ${q && !context.qProblem ? html`<p class="nhsuk-body" id="hit-count">${hitsByPage.size === 0 ? 'No page holds those words.' : `Found on ${hitsByPage.size} of ${pages.length} ${pages.length === 1 ? 'page' : 'pages'}.`}</p>` : ''}
    <p>${pdfReady ? html`<a class="nhsuk-button" id="download-pdf" href="/v1/documents/${document.id}/pdf" download="${document.id}.pdf">Download PDF/A</a>` : html`<span class="nhsuk-body">The PDF/A is not ready yet.</span>`}</p>
    <div class="recto-viewer__zoom" id="zoom" hidden>
      <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="button" data-zoom="out">Zoom out</button>
      <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="button" data-zoom="fit">Fit width</button>
      <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="button" data-zoom="in">Zoom in</button>
      <span class="nhsuk-body-s" id="zoom-level" aria-live="polite">100 %</span>
    </div>
    <nav class="recto-thumbnails" aria-label="Pages">
      <p class="nhsuk-hint" id="thumbnails-hint">Choose a page to go to it.<span class="recto-thumbnails__keys" hidden> The arrow keys move between the pages.</span></p>
      <ul class="nhsuk-list recto-thumbnails__list">${pages.map((page) => html`<li><a href="#page-${page + 1}"><img src="/v1/documents/${document.id}/pages/${page}/image?width=200" alt="" loading="lazy"><span>Page ${page + 1}${hitsByPage.has(page) ? ' (found)' : ''}</span></a></li>`)}</ul>
    </nav>
    ${pages.map((page) => pageSection(document.id, page, pageSizes.get(page)!, hitsByPage.get(page), context.pageTexts[page] ?? ''))}`,
    who,
  );
}

function summary({ document, indexed }: ViewerContext): Html {
  const row = (key: string, value: string) => html`<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">${key}</dt><dd class="nhsuk-summary-list__value">${value}</dd></div>`;
  return html`<dl class="nhsuk-summary-list" id="document-summary">
    ${row('Patient', indexed ? patientLine(indexed) : 'Patient not confirmed yet')}
    ${indexed?.birthDate ? row('Date of birth', ukDate(indexed.birthDate)) : ''}
    ${row('Type', typeName(indexed?.documentType ?? null))}
    ${row('Date written', ukDate(indexed?.documentDate ?? null))}
    ${row('Author', indexed?.author ?? 'Not read')}
    ${row('Department', indexed?.department ?? 'Not read')}
    ${row('Pages', String(document.pageCount ?? ''))}
    ${row('File', document.fileName)}
    ${row('Status', document.filing ? (FILING[document.filing.status] ?? document.filing.status) : document.status === 'done' ? 'Captured' : `Capture ${document.status}`)}
  </dl>`;
}

function pageSection(documentId: string, page: number, size: { width: number; height: number }, hit: PageHit | undefined, text: string): Html {
  return html`<section class="nhsuk-grid-row recto-viewer__page" id="page-${page + 1}" aria-labelledby="page-${page + 1}-title">
    <h2 class="nhsuk-heading-m nhsuk-grid-column-full" id="page-${page + 1}-title">Page ${page + 1}</h2>
    <div class="nhsuk-grid-column-two-thirds">
      <div class="recto-viewer__scroll" id="page-${page + 1}-image" tabindex="0" role="region" aria-label="Page ${page + 1} image (scroll when zoomed)">
      <figure class="recto-page recto-viewer__figure">
        <img class="recto-page__image" src="/v1/documents/${documentId}/pages/${page}/image" alt="Page ${page + 1} of the document${hit ? ', the words found boxed' : ''}" width="${size.width}" height="${size.height}">
        ${(hit?.boxes ?? []).map((box) => html`<span class="recto-hit-box" ${boxPlace(box, size)}></span>`)}
      </figure></div></div>
    <div class="nhsuk-grid-column-one-third"><h3 class="nhsuk-heading-s">Text read from page ${page + 1}</h3>
      <p class="nhsuk-body-s recto-viewer__text">${hit ? markedText(hit.snippet) : text}</p></div>
  </section>`;
}

/** The box as percentages of the page: the image scales with the zoom, and so do the boxes. */
function boxPlace(box: BBox, size: { width: number; height: number }): Html {
  const percent = (value: number, of: number) => String(Math.round((Math.max(0, value) / of) * 10_000) / 100);
  return html`data-left="${percent(box.x0, size.width)}" data-top="${percent(box.y0, size.height)}" data-width="${percent(box.x1 - box.x0, size.width)}" data-height="${percent(box.y1 - box.y0, size.height)}"`;
}
