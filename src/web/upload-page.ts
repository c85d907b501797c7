import type { Identity } from '../auth/roles.ts';
import { DOCUMENT_STATUSES, type DocumentFilters, type DocumentsListing, documentsTable, FILING_STATUSES } from './documents-table.ts';
import { type Html, html } from './html.ts';
import { pageLayout, RECTO_ASSETS } from './page-layout.ts';

const STATUS_NAMES: Record<string, string> = { queued: 'Queued', processing: 'Processing', done: 'Done', failed: 'Failed' };
const FILING_NAMES: Record<string, string> = { pending: 'Filing', filed: 'Filed', review: 'In review', failed: 'Filing failed' };

function select(name: keyof DocumentFilters, label: string, values: readonly string[], names: Record<string, string>, chosen: string | undefined): Html {
  const options = values.map((value) => html`<option value="${value}"${value === chosen ? html` selected` : ''}>${names[value]}</option>`);
  return html`<div class="nhsuk-form-group recto-filter"><label class="nhsuk-label" for="filter-${name}">${label}</label>
    <select class="nhsuk-select" id="filter-${name}" name="${name}"><option value="">Any</option>${options}</select></div>`;
}

/**
 * Records staff: drop or choose many scans, watch each upload, then each document to done and
 * filed (or see why it failed and retry or re-file it, or open its review item). Uploading needs
 * the page's script (the API takes one file per request); the list, its filters and links do not.
 */
export function uploadPage(listing: DocumentsListing, who: Identity | null): Html {
  return pageLayout(
    'Upload scans',
    html`<link rel="stylesheet" href="${RECTO_ASSETS}/upload.css">
    <h1>Upload scans</h1>
    <div class="nhsuk-error-summary" role="alert" id="problem" hidden><h2 class="nhsuk-error-summary__title">That did not work</h2><p id="problem-text"></p></div>
    <noscript><div class="nhsuk-inset-text"><p>Uploading from this page needs JavaScript. Without it you can still follow your documents below, or upload with <code>recto</code> or the API (<code>POST /v1/documents</code>).</p></div></noscript>
    <form id="upload" novalidate hidden>
      <div class="nhsuk-form-group"><label class="nhsuk-label" for="source">Where the scans come from (optional)</label>
        <input class="nhsuk-input nhsuk-input--width-20" id="source" name="source" placeholder="ward 7 scanner"></div>
      <div class="nhsuk-form-group recto-drop-zone" id="drop-zone">
        <label class="nhsuk-label" for="files">Scans (PDF, TIFF, PNG or JPEG): choose them, or drag and drop them here</label>
        <div class="nhsuk-hint" id="files-hint">You can add many at once; they are sent a few at a time and each is checked as it arrives.</div>
        <input class="nhsuk-file-upload" id="files" name="files" type="file" multiple accept=".pdf,.tif,.tiff,.png,.jpg,.jpeg" aria-describedby="files-hint">
      </div>
    </form>
    <section id="uploads-section" hidden>
      <h2>Uploads</h2>
      <p class="nhsuk-body" id="upload-summary" role="status" aria-live="polite"></p>
      <table class="nhsuk-table" id="uploads">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Files sent from this page</caption>
        <thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th class="nhsuk-table__header" scope="col">File</th>
        <th class="nhsuk-table__header" scope="col">Upload</th><th class="nhsuk-table__header" scope="col">Result</th></tr></thead>
        <tbody class="nhsuk-table__body"></tbody></table>
    </section>
    <h2 id="documents-heading">Documents</h2>
    <form id="filters" method="get" action="/upload" class="recto-filters">
      ${select('status', 'Capture', DOCUMENT_STATUSES, STATUS_NAMES, listing.filters.status)}
      ${select('filing', 'Filing', FILING_STATUSES, FILING_NAMES, listing.filters.filing)}
      <button class="nhsuk-button nhsuk-button--secondary" type="submit">Filter</button>
    </form>
    <p class="nhsuk-body-s" id="live-status" role="status"></p>
    <div id="documents-region">${documentsTable(listing, who)}</div>
    <script src="${RECTO_ASSETS}/upload.js" defer></script>`,
    who,
  );
}
