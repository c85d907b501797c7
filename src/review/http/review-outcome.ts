import { formatNhsNumber } from '../../core/nhs-number.ts';
import type { ReviewItem } from '../review-store.ts';
import type { DeliveryRecord } from '../../storage/delivery-store.ts';
import { type Html, html } from '../../web/html.ts';
import { shownTime } from './review-pages.ts';

/** Who holds an item, and what the viewer may do about it. */
export interface Holding {
  /** The signed-in reviewer's id. */
  viewer: string;
  /** When the current claim was taken (from the audit trail), when claimed. */
  claimedAt: string | null;
}

/**
 * Where a decided document went: the patient it was filed to and its delivery to each record
 * system, or the rejection and its note. Shown in place of live buttons, so a reviewer never
 * wonders whether a second click is needed. review.js moves focus here after a decision.
 */
export function decisionPanel(item: ReviewItem, deliveries: DeliveryRecord[]): Html {
  if (item.status === 'rejected') {
    return html`<div class="nhsuk-inset-text" id="outcome" tabindex="-1"><h2>Rejected: not filed</h2>
      <p>Rejected by ${item.decidedBy ?? 'unknown'} on ${shownTime(item.updatedAt)}.</p>
      <p>${item.note ? html`Note: ${item.note}` : 'No note was given.'}</p></div>`;
  }
  const corrections = item.corrections as Record<string, unknown>;
  const nhsNumber = typeof corrections.nhsNumber === 'string' ? formatNhsNumber(corrections.nhsNumber) : 'the NHS number on the document';
  const name = [...(Array.isArray(corrections.given) ? corrections.given : []), corrections.family].filter((part) => typeof part === 'string').join(' ');
  const rows = deliveries.map(
    (delivery) => html`<tr class="nhsuk-table__row"><td class="nhsuk-table__cell">${delivery.sink}</td>
      <td class="nhsuk-table__cell">${delivery.status}${delivery.nextAttemptAt ? html`, next try ${shownTime(delivery.nextAttemptAt)}` : ''}${delivery.error ? html`: ${delivery.error.message}` : ''}</td>
      <td class="nhsuk-table__cell">${shownTime(delivery.updatedAt)}</td></tr>`,
  );
  return html`<div class="nhsuk-inset-text" id="outcome" tabindex="-1"><h2>Approved: filed to ${nhsNumber}${name ? html`, ${name}` : ''}</h2>
    <p>Approved by ${item.decidedBy ?? 'unknown'} on ${shownTime(item.updatedAt)}.</p>
    ${
      deliveries.length === 0
        ? html`<p id="no-deliveries">No delivery to a record system is recorded yet (filing may not be configured here, or it is still queued). Refresh to see it.</p>`
        : html`<table class="nhsuk-table" id="deliveries"><caption class="nhsuk-table__caption">Delivery to each record system</caption>
      <thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th class="nhsuk-table__header" scope="col">Record system</th>
      <th class="nhsuk-table__header" scope="col">Status</th><th class="nhsuk-table__header" scope="col">Last change</th></tr></thead>
      <tbody class="nhsuk-table__body">${rows}</tbody></table>`
    }</div>`;
}

/** Whether the viewer can act on the item, and if not, why in words. */
export function holdingNotice(item: ReviewItem, holding: Holding): Html {
  if (item.status !== 'claimed') return html``;
  if (item.claimedBy === holding.viewer) {
    return html`<p id="holding">You are reviewing this document${holding.claimedAt ? ` (since ${shownTime(holding.claimedAt)})` : ''}; nobody else can change it.
      <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="button" data-action="release">Release</button>
      <span class="nhsuk-body-s">(gives it back to the queue)</span></p>`;
  }
  return html`<div class="nhsuk-warning-callout" id="held-by-other"><h2 class="nhsuk-warning-callout__label">Someone else is reviewing this</h2>
    <p>${item.claimedBy} has held it${holding.claimedAt ? ` since ${shownTime(holding.claimedAt)}` : ''}. You can read it, but not change it until they release it.</p></div>`;
}
