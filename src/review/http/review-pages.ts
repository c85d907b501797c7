import type { Identity } from '../../auth/roles.ts';
import type { LocatedValue } from '../review-fields.ts';
import type { ReviewItem } from '../review-store.ts';
import type { DocumentRecord } from '../../storage/storage.ts';
import { type Html, html } from '../../web/html.ts';
import { pageLayout } from '../../web/page-layout.ts';

/** What a value is called on the page: `nhsNumbers.0` → "NHS number 1", `otherPersonsNhsNumbers.0` → "NHS number labelled as the mother's". */
export function fieldLabel(located: Pick<LocatedValue, 'path' | 'who'>): string {
  const [field, index] = located.path.split('.');
  const whose = located.who ? ` labelled as the ${located.who.replace(/-/g, ' ')}'s (not the patient's)` : '';
  if (field === 'otherPersonsNhsNumbers') return `NHS number${whose}`;
  if (field === 'otherPersonsBirthDates') return `Date of birth${whose}`;
  if (field === 'unreadableNhsNumbers') return `NHS number that could not be read${whose}`;
  const names: Record<string, string> = {
    nhsNumbers: 'NHS number',
    mrns: 'Hospital number',
    patientName: 'Patient name',
    birthDate: 'Date of birth',
    documentDate: 'Document date',
    documentType: 'Document type',
    author: 'Author',
    department: 'Department',
  };
  const name = names[field] ?? field;
  return index === undefined ? name : `${name} ${Number(index) + 1}`;
}

/** When something happened, as a person in a UK trust reads it: 02/12/2026 14:05 (UK time). */
export function shownTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'short', timeStyle: 'short' });
}

export const statusTag = (item: ReviewItem): Html => {
  const colour = { open: 'blue', claimed: 'yellow', approved: 'green', rejected: 'red' }[item.status];
  const text = item.status === 'claimed' ? `claimed by ${item.claimedBy}` : item.status;
  return html`<strong class="nhsuk-tag nhsuk-tag--${colour}">${text}</strong>`;
};

/** The queue's tabs: what is waiting, what someone is working on, and what was decided (newest first). */
export const QUEUE_VIEWS = ['open', 'claimed', 'decided'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
const VIEW_NAMES: Record<QueueView, string> = { open: 'To review', claimed: 'Being reviewed', decided: 'Decided' };

/** The queue: why each document is here, its state, and (once decided) who decided and when. */
export function reviewQueuePage(view: QueueView, items: ReviewItem[], documents: Map<string, DocumentRecord>, who?: Identity | null): Html {
  const nameOf = (item: ReviewItem) => documents.get(item.documentId)?.fileName ?? item.documentId;
  const rows = items.map(
    (item) => html`<tr class="nhsuk-table__row">
      <td class="nhsuk-table__cell">${nameOf(item)}</td>
      <td class="nhsuk-table__cell">${item.reasons.map((reason) => html`<div>${reason.message}</div>`)}</td>
      <td class="nhsuk-table__cell">${statusTag(item)}${
        view === 'decided' ? html`<div class="nhsuk-body-s nhsuk-u-margin-bottom-0">by ${item.decidedBy ?? 'unknown'}, ${shownTime(item.updatedAt)}</div>` : ''
      }</td>
      <td class="nhsuk-table__cell"><a href="/review/${item.id}">${view === 'decided' ? 'View' : 'Review'}<span class="nhsuk-u-visually-hidden"> ${nameOf(item)}</span></a></td>
    </tr>`,
  );
  const tabs = QUEUE_VIEWS.map(
    (tab) => html`<li class="nhsuk-tabs__list-item${tab === view ? ' nhsuk-tabs__list-item--selected' : ''}">
      <a class="nhsuk-tabs__tab" href="/review?show=${tab}"${tab === view ? html` aria-current="page"` : ''}>${VIEW_NAMES[tab]}</a></li>`,
  );
  return pageLayout(
    'Documents to review',
    html`<h1>Documents to review</h1>
    <p>Recto could not be sure which patient these documents belong to. Check each against the page, correct it if needed, then approve or reject it.</p>
    <nav class="nhsuk-tabs" aria-label="Review queue"><ul class="nhsuk-tabs__list" id="queue-tabs">${tabs}</ul></nav>
    <h2>${VIEW_NAMES[view]}</h2>
    ${
      items.length === 0
        ? html`<p class="nhsuk-body" id="empty">${view === 'decided' ? 'Nothing decided yet.' : 'Nothing here.'}</p>`
        : html`<table class="nhsuk-table" id="queue">
      <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
        <th class="nhsuk-table__header" scope="col">Document</th><th class="nhsuk-table__header" scope="col">Why</th>
        <th class="nhsuk-table__header" scope="col">Status</th><th class="nhsuk-table__header" scope="col"><span class="nhsuk-u-visually-hidden">Action</span></th>
      </tr></thead>
      <tbody class="nhsuk-table__body">${rows}</tbody></table>`
    }`,
    who,
  );
}
