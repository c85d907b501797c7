import type { DocumentView } from '../api/document-view.ts';
import type { Identity } from '../auth/roles.ts';
import { formatNhsNumber } from '../core/nhs-number.ts';
import type { DeliveryRecord } from '../storage/delivery-store.ts';
import type { DocumentStatus, FilingStatus } from '../storage/storage.ts';
import { type Html, html } from './html.ts';

/** What the records staff's documents list shows: one page of documents, the filters it was asked for, and the way on. */
export interface DocumentsListing {
  documents: DocumentView[];
  nextCursor: string | null;
  filters: DocumentFilters;
  /** Filing is configured: a captured document with no filing yet is about to get one, so it is still moving. */
  filingOn: boolean;
  /** When the page was made: a document finished a moment ago may still get its filing. */
  now: number;
  /** Each listed document's deliveries to record systems, by document id (absent: none, or not read). */
  deliveries?: ReadonlyMap<string, readonly DeliveryRecord[]>;
}

export interface DocumentFilters {
  status?: DocumentStatus;
  filing?: FilingStatus;
}

export const DOCUMENT_STATUSES: readonly DocumentStatus[] = ['queued', 'processing', 'done', 'failed'];
export const FILING_STATUSES: readonly FilingStatus[] = ['pending', 'filed', 'review', 'failed'];

const CAPTURE: Record<DocumentStatus, { label: string; colour: string }> = {
  queued: { label: 'Queued', colour: 'grey' },
  processing: { label: 'Processing', colour: 'blue' },
  done: { label: 'Done', colour: 'green' },
  failed: { label: 'Failed', colour: 'red' },
};
const FILING: Record<FilingStatus, { label: string; colour: string }> = {
  pending: { label: 'Filing', colour: 'blue' },
  filed: { label: 'Filed', colour: 'green' },
  review: { label: 'In review', colour: 'yellow' },
  failed: { label: 'Filing failed', colour: 'red' },
};
/** How long after capture a document with no filing yet is still watched (its file job is queued within moments). */
const FILING_GRACE_MS = 60_000;

/**
 * Still moving, so the page keeps asking: capture not finished, filing queued or about to be,
 * or a delivery the queue will try again (its status changes by itself, at nextAttemptAt).
 */
export function inFlight(document: DocumentView, listing: Pick<DocumentsListing, 'filingOn' | 'now' | 'deliveries'>): boolean {
  return movingOnItsOwn(document, listing) || retryingDelivery(document, listing);
}

/** In flight only because a delivery waits for its next try: the page may ask less often (a try is seconds to minutes away). */
export function onlyRetrying(document: DocumentView, listing: Pick<DocumentsListing, 'filingOn' | 'now' | 'deliveries'>): boolean {
  return !movingOnItsOwn(document, listing) && retryingDelivery(document, listing);
}

function movingOnItsOwn(document: DocumentView, listing: Pick<DocumentsListing, 'filingOn' | 'now'>): boolean {
  if (document.status === 'queued' || document.status === 'processing') return true;
  if (document.status === 'failed') return false;
  if (document.filing) return document.filing.status === 'pending';
  return listing.filingOn && listing.now - Date.parse(document.updatedAt) < FILING_GRACE_MS;
}

function retryingDelivery(document: DocumentView, listing: Pick<DocumentsListing, 'deliveries'>): boolean {
  return (listing.deliveries?.get(document.id) ?? []).some((delivery) => delivery.status === 'retrying');
}

const hasRole = (who: Identity | null, role: Identity['roles'][number]): boolean => who?.roles.includes(role) ?? false;

function captureCell(document: DocumentView): Html {
  const { label, colour } = CAPTURE[document.status];
  const { pageCount, pagesCleaned, pagesRead } = document.progress;
  const detail =
    document.status === 'processing' && pageCount !== null
      ? html`<br><span class="nhsuk-body-s">${pagesCleaned} of ${pageCount} cleaned, ${pagesRead} read</span>`
      : document.status === 'processing'
        ? html`<br><span class="nhsuk-body-s">splitting into pages</span>`
        : '';
  return html`<strong class="nhsuk-tag nhsuk-tag--${colour}">${label}</strong>${detail}`;
}

function filingCell(document: DocumentView, deliveries: readonly DeliveryRecord[]): Html | string {
  if (!document.filing) return '';
  // A reviewer's decision is the document's outcome even though its filing stays `review`.
  const { label, colour } = document.outcome?.status === 'rejected' ? REJECTED : document.outcome?.status === 'filed' ? FILING.filed : FILING[document.filing.status];
  return html`<strong class="nhsuk-tag nhsuk-tag--${colour}">${label}</strong>${whereItWent(document)}${deliveries.map(deliveryLine)}`;
}

const REJECTED = { label: 'Rejected', colour: 'grey' };

/** To whom and how it was filed, why it waits for a person, or who rejected it and why. */
function whereItWent(document: DocumentView): Html | string {
  const outcome = document.outcome;
  if (!outcome) return '';
  if (outcome.status === 'filed' && outcome.patient) {
    const { nhsNumber, name } = outcome.patient;
    const how = outcome.how === 'approved' ? html`approved by ${outcome.by ?? 'a reviewer'}` : 'automatically';
    return html`<br><span class="nhsuk-body-s">to ${formatNhsNumber(nhsNumber)}${name ? html`, ${name}` : ''} (${how})</span>`;
  }
  if (outcome.status === 'review' && outcome.reasons.length > 0) {
    const more = outcome.reasons.length - 1;
    return html`<br><span class="nhsuk-body-s">${outcome.reasons[0].message}${more > 0 ? ` (and ${more} more)` : ''}</span>`;
  }
  if (outcome.status === 'rejected') {
    return html`<br><span class="nhsuk-body-s">by ${outcome.by ?? 'a reviewer'}${outcome.note ? html`: ${outcome.note}` : ''}</span>`;
  }
  return '';
}

/** A delivery still to happen or gone wrong; delivered ones need no line. Times in UTC, as the upload times. */
function deliveryLine(delivery: DeliveryRecord): Html | string {
  if (delivery.status === 'retrying') {
    const at = delivery.nextAttemptAt ? html` at ${delivery.nextAttemptAt.slice(11, 16)} UTC` : '';
    return html`<br><span class="nhsuk-body-s">${delivery.sink}: Retrying${at}</span>`;
  }
  if (delivery.status === 'failed') return html`<br><span class="nhsuk-body-s">${delivery.sink}: Delivery failed${delivery.error ? html` (${delivery.error.code})` : ''}</span>`;
  return '';
}

/** What went wrong and what to do, capture first (a document that failed capture was never filed). */
function problemCell(document: DocumentView): Html | string {
  const error = document.error ?? (document.filing?.status === 'failed' ? document.filing.error : null);
  if (!error) return '';
  return html`<span class="recto-problem">${error.code}: ${error.message}</span><br><span class="nhsuk-body-s">What to do: ${error.hint}</span>`;
}

/** Retry for a failed capture, Re-file for a failed filing (each re-runs only what failed); the review item; the PDF. */
function actionsCell(document: DocumentView, who: Identity | null): Html[] {
  const actions: Html[] = [];
  const name = document.fileName;
  if (document.status === 'failed') {
    actions.push(html`<button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-1" type="button" data-retry="${document.id}">Retry<span class="nhsuk-u-visually-hidden"> ${name}</span></button>`);
  } else if (document.filing?.status === 'failed') {
    actions.push(html`<button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-1" type="button" data-refile="${document.id}">Re-file<span class="nhsuk-u-visually-hidden"> ${name}</span></button>`);
  }
  // Only people who may open them get the links (review: reviewers; the PDF: reviewers and clinicians).
  if (document.reviewItemId && hasRole(who, 'reviewer')) {
    actions.push(html`<a class="nhsuk-link" href="/review/${encodeURIComponent(document.reviewItemId)}">Open review<span class="nhsuk-u-visually-hidden"> of ${name}</span></a>`);
  } else if (document.filing?.status === 'review') {
    actions.push(html`<span class="nhsuk-body-s">Waiting for a reviewer</span>`);
  }
  if (document.status === 'done' && document.outputs.pdfKey && (hasRole(who, 'reviewer') || hasRole(who, 'clinician'))) {
    actions.push(html`<a class="nhsuk-link" href="/v1/documents/${encodeURIComponent(document.id)}/pdf" download>Download PDF<span class="nhsuk-u-visually-hidden"> of ${name}</span></a>`);
  }
  return actions.map((action, index) => (index === 0 ? action : html`<br>${action}`));
}

/** The query string of this listing with `change` applied (empty values left out). */
export function listingQuery(filters: DocumentFilters, change: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...change })) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}

/**
 * The documents table, rendered here only: the page's script fetches it again from
 * /upload/documents and swaps it in, so escaping and wording live in one place.
 */
export function documentsTable(listing: DocumentsListing, who: Identity | null): Html {
  const moving = listing.documents.filter((document) => inFlight(document, listing)).length;
  const retrying = listing.documents.filter((document) => onlyRetrying(document, listing)).length;
  const rows = listing.documents.map(
    (document) => html`<tr class="nhsuk-table__row" id="doc-${document.id}" data-document-id="${document.id}" data-in-flight="${String(inFlight(document, listing))}">
      <td class="nhsuk-table__cell">${document.fileName}<br><span class="nhsuk-body-s">uploaded ${document.createdAt.slice(0, 16).replace('T', ' ')} UTC</span></td>
      <td class="nhsuk-table__cell">${captureCell(document)}</td>
      <td class="nhsuk-table__cell">${filingCell(document, listing.deliveries?.get(document.id) ?? [])}</td>
      <td class="nhsuk-table__cell">${problemCell(document)}</td>
      <td class="nhsuk-table__cell">${actionsCell(document, who)}</td>
    </tr>`,
  );
  const empty =
    listing.documents.length === 0
      ? html`<tr class="nhsuk-table__row"><td class="nhsuk-table__cell" colspan="5">No documents${listing.filters.status || listing.filters.filing ? ' match these filters' : ' yet'}.</td></tr>`
      : '';
  const older = listing.nextCursor
    ? html`<p><a class="nhsuk-link" id="older" href="/upload${listingQuery(listing.filters, { cursor: listing.nextCursor })}#documents">Older documents</a></p>`
    : '';
  return html`<div id="documents-list" data-in-flight="${String(moving)}" data-only-retrying="${String(retrying)}">
    <table class="nhsuk-table" id="documents">
      <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Documents, newest first</caption>
      <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
        <th class="nhsuk-table__header" scope="col">File</th><th class="nhsuk-table__header" scope="col">Capture</th>
        <th class="nhsuk-table__header" scope="col">Filing</th><th class="nhsuk-table__header" scope="col">Problem</th>
        <th class="nhsuk-table__header" scope="col">Actions</th></tr></thead>
      <tbody class="nhsuk-table__body">${rows}${empty}</tbody></table>
    ${older}
  </div>`;
}
