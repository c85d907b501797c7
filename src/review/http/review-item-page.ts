import type { Identity } from '../../auth/roles.ts';
import type { LocatedValue } from '../review-fields.ts';
import type { ReviewItem } from '../review-store.ts';
import type { DeliveryRecord } from '../../storage/delivery-store.ts';
import type { DocumentRecord } from '../../storage/storage.ts';
import { type Html, html } from '../../web/html.ts';
import { pageLayout, RECTO_ASSETS } from '../../web/page-layout.ts';
import { candidatesPanel } from './review-candidates-panel.ts';
import { correctionsForm } from './review-item-form.ts';
import { decisionPanel, type Holding, holdingNotice } from './review-outcome.ts';
import { fieldLabel, statusTag } from './review-pages.ts';

const PROBLEMS: Record<string, string> = {
  'fails-check': 'fails the modulus 11 check',
  'low-confidence': 'read with low confidence',
  'not-ten-digits': 'not ten digits',
  'too-many-look-alikes': 'too many characters that only look like digits',
};

/** The size of each cleaned page in pixels, by page index: the boxes of the values read are in these pixels. */
export type PageSizes = Map<number, { width: number; height: number }>;

export interface ItemPageContext {
  item: ReviewItem;
  document: DocumentRecord | null;
  fields: LocatedValue[];
  holding: Holding;
  deliveries: DeliveryRecord[];
  pageSizes: PageSizes;
  /** The next open item in the queue, for "next item". */
  nextItemId: string | null;
  who?: Identity | null;
}

function shownValue(value: unknown): string {
  if (value && typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A box's place on its page as percentages, which review.js applies (the CSP forbids style attributes). */
function boxPlace(field: LocatedValue, size: { width: number; height: number }): Html {
  const { x0, y0, x1, y1 } = field.foundAt.bbox;
  const percent = (value: number, of: number) => String(Math.round((Math.max(0, value) / of) * 10_000) / 100);
  return html`data-left="${percent(x0, size.width)}" data-top="${percent(y0, size.height)}" data-width="${percent(x1 - x0, size.width)}" data-height="${percent(y1 - y0, size.height)}"`;
}

/**
 * One item: why it needs a person, what was read (a crop beside each value, and each value boxed
 * on the whole page), who is reviewing it, the corrections form and the decision. Opening an open
 * item claims it (review.js, through the JSON API); once decided, the page says where the
 * document went and offers no live buttons.
 */
export function reviewItemPage(context: ItemPageContext): Html {
  const { item, document, fields, holding, deliveries, pageSizes, nextItemId, who } = context;
  const decided = item.status === 'approved' || item.status === 'rejected';
  const editable = item.status === 'claimed' && item.claimedBy === holding.viewer;
  const readValues = fields.map(
    (field) => html`<div class="nhsuk-summary-list__row" id="value-${field.path}">
      <dt class="nhsuk-summary-list__key">${fieldLabel(field)}</dt>
      <dd class="nhsuk-summary-list__value">
        <p class="nhsuk-body nhsuk-u-margin-bottom-1"><strong>${shownValue(field.value)}</strong> <span class="nhsuk-hint">read with ${Math.round(field.confidence)} % confidence${field.corrected ? ', after replacing look-alike characters' : ''}${field.problem ? `; ${PROBLEMS[field.problem] ?? field.problem}` : ''}</span></p>
        <img class="recto-crop" src="/v1/review/${item.id}/crops/${field.path}" alt="Where ${fieldLabel(field).toLowerCase()} was read on page ${field.foundAt.page + 1}">
        ${pageSizes.has(field.foundAt.page) ? html`<p class="nhsuk-u-margin-bottom-0"><a href="#box-${field.path}" data-show-box="${field.path}">Show on page ${field.foundAt.page + 1}</a></p>` : ''}
      </dd></div>`,
  );
  const pages = [...pageSizes.entries()].sort(([a], [b]) => a - b).map(
    ([page, size]) => html`<figure class="recto-page" id="page-${page}">
      <img class="recto-page__image" src="/v1/review/${item.id}/pages/${page}" alt="Page ${page + 1} of the document, with a box around each value Recto read">
      ${fields.filter((field) => field.foundAt.page === page).map(
        (field) => html`<a class="recto-box" id="box-${field.path}" href="#value-${field.path}" ${boxPlace(field, size)}><span class="nhsuk-u-visually-hidden">${fieldLabel(field)}</span></a>`,
      )}
      <figcaption class="nhsuk-body-s">Page ${page + 1}</figcaption></figure>`,
  );
  const disabled = editable ? html`` : html` disabled`;
  return pageLayout(
    `Review ${document?.fileName ?? item.documentId}`,
    html`<link rel="stylesheet" href="${RECTO_ASSETS}/review.css">
    <a class="nhsuk-back-link" href="/review">All documents to review</a>
    <div id="review-item" data-item-id="${item.id}" data-status="${item.status}" data-claim-on-open="${item.status === 'open' ? 'yes' : 'no'}"
      data-next-url="${nextItemId ? `/review/${nextItemId}` : '/review'}" hidden></div>
    <h1>${document?.fileName ?? item.documentId}</h1>
    <p id="status">${statusTag(item)}</p>
    ${holdingNotice(item, holding)}
    <div class="nhsuk-error-summary" role="alert" tabindex="-1" id="problem" hidden><h2 class="nhsuk-error-summary__title">That did not work</h2><p id="problem-text"></p>
      <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">What you typed is kept: correct it and try again.</p></div>
    ${decided ? decisionPanel(item, deliveries) : ''}
    <div class="nhsuk-warning-callout"><h2 class="nhsuk-warning-callout__label">Why this needs a person</h2>
      <ul>${item.reasons.map((reason) => html`<li>${reason.message}</li>`)}</ul></div>
    <h2>What Recto read</h2>
    <dl class="nhsuk-summary-list">${readValues}</dl>
    ${pages.length > 0 ? html`<h2>The whole page</h2><div id="pages">${pages}</div>` : ''}
    <p><a href="/v1/documents/${item.documentId}/pdf">Open the whole document (PDF)</a></p>
    ${candidatesPanel(item, editable)}
    ${correctionsForm(item, fields, editable)}
    <div class="nhsuk-form-group"><label class="nhsuk-label" for="reject-note">If you reject it: why (optional)</label>
      <textarea class="nhsuk-textarea" id="reject-note" rows="2"${disabled}></textarea></div>
    <div class="nhsuk-button-group">
      <button class="nhsuk-button" type="button" data-action="approve"${disabled}>Approve and file</button>
      <button class="nhsuk-button nhsuk-button--warning" type="button" data-action="reject"${disabled}>Reject</button>
      <a class="nhsuk-link" href="${nextItemId ? `/review/${nextItemId}` : '/review'}" id="next-item">Next item</a>
    </div>
    <details class="nhsuk-details" id="shortcuts"><summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">Keyboard shortcuts</span></summary>
      <div class="nhsuk-details__text"><p>When you are not typing in a field: <kbd>a</kbd> approve and file, <kbd>r</kbd> reject, <kbd>n</kbd> next item.</p></div></details>
    <script src="${RECTO_ASSETS}/review.js" defer></script>`,
    who,
  );
}
