import type { Identity } from '../../auth/roles.ts';
import { isKnownCode, NHS_NUMBER_LABELLED_OTHER_PERSON } from '../approval-resolutions.ts';
import type { LocatedValue } from '../review-fields.ts';
import type { ReviewItem } from '../review-store.ts';
import type { DocumentRecord } from '../../storage/storage.ts';
import { Html, html } from '../../web/html.ts';
import { pageLayout, RECTO_ASSETS } from '../../web/page-layout.ts';

/** What a value is called on the page: `nhsNumbers.0` → "NHS number 1", `otherPersonsNhsNumbers.0` → "NHS number labelled as the mother's". */
function fieldLabel(located: Pick<LocatedValue, 'path' | 'who'>): string {
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
    author: 'Author',
    department: 'Department',
  };
  const name = names[field] ?? field;
  return index === undefined ? name : `${name} ${Number(index) + 1}`;
}

const PROBLEMS: Record<string, string> = {
  'fails-check': 'fails the modulus 11 check',
  'low-confidence': 'read with low confidence',
  'not-ten-digits': 'not ten digits',
  'too-many-look-alikes': 'too many characters that only look like digits',
};

function shownValue(value: unknown): string {
  if (value && typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const statusTag = (item: ReviewItem): Html => {
  const colour = { open: 'blue', claimed: 'yellow', approved: 'green', rejected: 'red' }[item.status];
  const text = item.status === 'claimed' ? `claimed by ${item.claimedBy}` : item.status;
  return html`<strong class="nhsuk-tag nhsuk-tag--${colour}">${text}</strong>`;
};

/** The queue: oldest first, why each document is here, and a link to review it. */
export function reviewQueuePage(items: ReviewItem[], documents: Map<string, DocumentRecord>, who?: Identity | null): Html {
  const rows = items.map(
    (item) => html`<tr class="nhsuk-table__row">
      <td class="nhsuk-table__cell">${documents.get(item.documentId)?.fileName ?? item.documentId}</td>
      <td class="nhsuk-table__cell">${item.reasons.map((reason) => html`<div>${reason.message}</div>`)}</td>
      <td class="nhsuk-table__cell">${statusTag(item)}</td>
      <td class="nhsuk-table__cell"><a href="/review/${item.id}">Review<span class="nhsuk-u-visually-hidden"> ${documents.get(item.documentId)?.fileName ?? ''}</span></a></td>
    </tr>`,
  );
  return pageLayout(
    'Documents to review',
    html`<h1>Documents to review</h1>
    <p>Recto could not be sure which patient these documents belong to. Check each against the page, correct it if needed, then approve or reject it.</p>
    ${
      items.length === 0
        ? html`<p class="nhsuk-body" id="empty">Nothing to review.</p>`
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

/**
 * One item: why, what was read with the page crop beside each value, the patient's identity
 * (which the reviewer must give, read from the page: it is never filled in from what OCR read),
 * and the decision.
 */
export function reviewItemPage(item: ReviewItem, document: DocumentRecord | null, fields: LocatedValue[], who?: Identity | null): Html {
  const corrections = item.corrections as Record<string, unknown>;
  const correction = (name: string) => {
    const value = corrections[name];
    if (Array.isArray(value)) return value.join(' ');
    return typeof value === 'string' ? value : '';
  };
  const readValues = fields.map(
    (field) => html`<div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">${fieldLabel(field)}</dt>
      <dd class="nhsuk-summary-list__value">
        <p class="nhsuk-body nhsuk-u-margin-bottom-1"><strong>${shownValue(field.value)}</strong> <span class="nhsuk-hint">read with ${Math.round(field.confidence)} % confidence${field.corrected ? ', after replacing look-alike characters' : ''}${field.problem ? `; ${PROBLEMS[field.problem] ?? field.problem}` : ''}</span></p>
        <img class="recto-crop" src="/v1/review/${item.id}/crops/${field.path}" alt="Where ${fieldLabel(field).toLowerCase()} was read on page ${field.foundAt.page + 1}">
      </dd></div>`,
  );
  const input = (id: string, label: string, hint: string, width: string, extra = '') =>
    html`<div class="nhsuk-form-group"><label class="nhsuk-label" for="${id}">${label}</label>
        ${hint ? html`<div class="nhsuk-hint" id="${id}-hint">${hint}</div>` : ''}
        <input class="nhsuk-input ${width}" id="${id}" name="${id}" value="${correction(id)}" autocomplete="off"${new Html(extra)}${hint ? new Html(` aria-describedby="${id}-hint"`) : ''}></div>`;
  // Reasons the identity does not settle need the reviewer's own words; so does giving a number the page says is someone else's.
  const written = [...new Set(item.reasons.map((reason) => reason.code))].filter((code) => !isKnownCode(code));
  if (fields.some((field) => field.path.startsWith('otherPersonsNhsNumbers.'))) written.push(NHS_NUMBER_LABELLED_OTHER_PERSON);
  const writtenInputs = written.map(
    (code) => html`<div class="nhsuk-form-group"><label class="nhsuk-label" for="resolution-${code}">${
      code === NHS_NUMBER_LABELLED_OTHER_PERSON
        ? "Only if the patient's NHS number is one the page labels as someone else's: why it is the patient's"
        : html`How was "${code}" resolved?`
    }</label>
      <input class="nhsuk-input" id="resolution-${code}" data-resolution="${code}" autocomplete="off"></div>`,
  );
  return pageLayout(
    `Review ${document?.fileName ?? item.documentId}`,
    html`<a class="nhsuk-back-link" href="/review">All documents to review</a>
    <div id="review-item" data-item-id="${item.id}" hidden></div>
    <h1>${document?.fileName ?? item.documentId}</h1>
    <p>${statusTag(item)}</p>
    <div class="nhsuk-warning-callout"><h2 class="nhsuk-warning-callout__label">Why this needs a person</h2>
      <ul>${item.reasons.map((reason) => html`<li>${reason.message}</li>`)}</ul></div>
    <div class="nhsuk-error-summary" role="alert" id="problem" hidden><h2 class="nhsuk-error-summary__title">That did not work</h2><p id="problem-text"></p></div>
    <h2>What Recto read</h2>
    <dl class="nhsuk-summary-list">${readValues}</dl>
    <p><a href="/v1/documents/${item.documentId}/pdf">Open the whole document (PDF)</a></p>
    <h2>Who is the patient?</h2>
    <p>Read the patient's details from the page, not from the values above, and type them here. The document is filed only when all four agree with the patient index.</p>
    <form id="corrections" novalidate>
      ${input('nhsNumber', 'NHS number (10 digits)', '', 'nhsuk-input--width-10', ' inputmode="numeric"')}
      ${input('given', 'First name(s)', 'As on the page, e.g. Isla Grace', 'nhsuk-input--width-20')}
      ${input('family', 'Family name', '', 'nhsuk-input--width-20')}
      ${input('birthDate', 'Date of birth (YYYY-MM-DD)', '', 'nhsuk-input--width-10')}
      ${writtenInputs}
      <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-action="fields">Save corrections</button>
    </form>
    <div class="nhsuk-button-group">
      <button class="nhsuk-button" type="button" data-action="claim">Claim</button>
      <button class="nhsuk-button" type="button" data-action="approve">Approve and file</button>
      <button class="nhsuk-button nhsuk-button--warning" type="button" data-action="reject">Reject</button>
    </div>
    <script src="${RECTO_ASSETS}/review.js" defer></script>`,
    who,
  );
}

