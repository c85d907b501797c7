import type { Identity } from '../auth/roles.ts';
import type { DocumentRecord, FilingStatus } from '../storage/storage.ts';
import { type Html, html } from './html.ts';
import { pageLayout, RECTO_ASSETS } from './page-layout.ts';

const STATUS_COLOURS: Record<DocumentRecord['status'], string> = { queued: 'grey', processing: 'blue', done: 'green', failed: 'red' };
const FILING_COLOURS: Record<FilingStatus, string> = { pending: 'blue', filed: 'green', review: 'yellow', failed: 'red' };

/** What went wrong, capture first (a document that failed capture was never filed). */
function problemOf(document: DocumentRecord): string {
  const error = document.error ?? (document.filing?.status === 'failed' ? document.filing.error : null);
  return error ? `${error.code}: ${error.hint}` : '';
}

/** Retry for a failed capture, Re-file for a failed filing: each re-runs only what failed. */
function actionOf(document: DocumentRecord): Html | string {
  if (document.status === 'failed') {
    return html`<button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="button" data-retry="${document.id}">Retry</button>`;
  }
  if (document.filing?.status === 'failed') {
    return html`<button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="button" data-refile="${document.id}">Re-file</button>`;
  }
  return '';
}

/** Records staff: upload scans, then watch each one to done and filed (or see why it failed and retry or re-file). */
export function uploadPage(recent: DocumentRecord[], who: Identity | null): Html {
  const rows = recent.map(
    (document) => html`<tr class="nhsuk-table__row" data-document-id="${document.id}">
      <td class="nhsuk-table__cell">${document.fileName}</td>
      <td class="nhsuk-table__cell"><strong class="nhsuk-tag nhsuk-tag--${STATUS_COLOURS[document.status]}">${document.status}</strong></td>
      <td class="nhsuk-table__cell">${document.filing ? html`<strong class="nhsuk-tag nhsuk-tag--${FILING_COLOURS[document.filing.status]}">${document.filing.status}</strong>` : ''}</td>
      <td class="nhsuk-table__cell">${document.pageCount ?? ''}</td>
      <td class="nhsuk-table__cell">${problemOf(document)}</td>
      <td class="nhsuk-table__cell">${actionOf(document)}</td>
    </tr>`,
  );
  return pageLayout(
    'Upload scans',
    html`<h1>Upload scans</h1>
    <div class="nhsuk-error-summary" role="alert" id="problem" hidden><h2 class="nhsuk-error-summary__title">That did not work</h2><p id="problem-text"></p></div>
    <form id="upload" novalidate>
      <div class="nhsuk-form-group"><label class="nhsuk-label" for="source">Where the scans come from (optional)</label>
        <input class="nhsuk-input nhsuk-input--width-20" id="source" name="source" placeholder="ward 7 scanner"></div>
      <div class="nhsuk-form-group"><label class="nhsuk-label" for="files">Scans (PDF, TIFF, PNG or JPEG)</label>
        <input class="nhsuk-file-upload" id="files" name="files" type="file" multiple accept=".pdf,.tif,.tiff,.png,.jpg,.jpeg"></div>
      <button class="nhsuk-button" type="submit">Upload</button>
    </form>
    <h2>Recent documents</h2>
    <table class="nhsuk-table" id="documents">
      <thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th class="nhsuk-table__header" scope="col">File</th><th class="nhsuk-table__header" scope="col">Status</th>
      <th class="nhsuk-table__header" scope="col">Filing</th><th class="nhsuk-table__header" scope="col">Pages</th><th class="nhsuk-table__header" scope="col">Problem</th><th class="nhsuk-table__header" scope="col"><span class="nhsuk-u-visually-hidden">Action</span></th></tr></thead>
      <tbody class="nhsuk-table__body">${rows}</tbody></table>
    <script src="${RECTO_ASSETS}/upload.js" defer></script>`,
    who,
  );
}
