import { DOCUMENT_TYPES } from '../../extract/document-types.ts';
import { isSettledByIdentity, NHS_NUMBER_LABELLED_OTHER_PERSON, writtenQuestion } from '../approval-resolutions.ts';
import type { LocatedValue } from '../review-fields.ts';
import type { ReviewItem } from '../review-store.ts';
import { Html, html } from '../../web/html.ts';

/**
 * The reviewer's corrections form: every field Recto reads can be corrected. The patient's
 * identity (NHS number, names, date of birth, hospital number) starts empty unless the reviewer
 * saved it: it is typed from the page, never filled in from what OCR read. Dates are typed the
 * UK way and parsed by the server. `editable` false (someone else holds the item, or it is
 * decided) shows the same form disabled, so the values stay readable.
 */
export function correctionsForm(item: ReviewItem, fields: LocatedValue[], editable: boolean): Html {
  const corrections = item.corrections as Record<string, unknown>;
  const saved = (name: string): string => {
    const value = corrections[name];
    if (Array.isArray(value)) return value.join(' ');
    if (typeof value !== 'string') return '';
    return name === 'birthDate' || name === 'documentDate' ? ukDate(value) : value;
  };
  const input = (id: string, label: string, hint: string, width: string, extra = '') => {
    const value = saved(id);
    return html`<div class="nhsuk-form-group"><label class="nhsuk-label" for="${id}">${label}</label>
      ${hint ? html`<div class="nhsuk-hint" id="${id}-hint">${hint}</div>` : ''}
      <input class="nhsuk-input ${width}" id="${id}" name="${id}" data-field="${id}" data-saved="${value}" value="${value}" autocomplete="off"${new Html(extra)}${
        hint ? new Html(` aria-describedby="${id}-hint"`) : ''
      }></div>`;
  };
  /** What extraction read for a field, and what leaving the input as it is does. */
  const readAs = (field: string, keep = 'leave empty to keep it', none = 'leave empty if the page gives none'): string => {
    const found = (item.extracted as Record<string, unknown> | null)?.[field] as { value?: unknown; display?: unknown } | undefined;
    const value = found?.display ?? found?.value;
    return typeof value === 'string' && value ? `Recto read "${value}"; ${keep}.` : `Recto read none; ${none}.`;
  };
  const typeSaved = saved('documentType');
  const typeOptions = DOCUMENT_TYPES.map(
    (entry) => html`<option value="${entry.key}"${entry.key === typeSaved ? html` selected` : ''}>${entry.display}</option>`,
  );
  // Reasons the identity does not settle need the reviewer's own words; so does giving a number the page says is someone else's.
  const written = [...new Set(item.reasons.map((reason) => reason.code))].filter((code) => !isSettledByIdentity(code));
  if (fields.some((field) => field.path.startsWith('otherPersonsNhsNumbers.'))) written.push(NHS_NUMBER_LABELLED_OTHER_PERSON);
  const writtenInputs = written.map(
    (code) => html`<div class="nhsuk-form-group"><label class="nhsuk-label" for="resolution-${code}">${
      code === NHS_NUMBER_LABELLED_OTHER_PERSON
        ? "Only if the patient's NHS number is one the page labels as someone else's: why it is the patient's"
        : writtenQuestion(code)
    }</label>
      <input class="nhsuk-input" id="resolution-${code}" data-resolution="${code}" autocomplete="off"></div>`,
  );
  return html`<form id="corrections" novalidate><fieldset class="nhsuk-fieldset" id="corrections-fields"${editable ? '' : html` disabled`}>
    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m"><h2 class="nhsuk-fieldset__heading">Who is the patient?</h2></legend>
    <p>Read the patient's details from the page, not from the values above, and type them here (or use a candidate patient above). The document is filed only when the NHS number, names and date of birth agree with the patient index.</p>
    <div class="nhsuk-inset-text" id="from-candidate" hidden><span class="nhsuk-u-visually-hidden">Information: </span>
      <p id="from-candidate-text"></p></div>
    <input type="hidden" id="identity-source" value="">
    ${input('nhsNumber', 'NHS number (10 digits)', '', 'nhsuk-input--width-10', ' inputmode="numeric"')}
    ${input('given', 'First name(s)', 'As on the page, e.g. Isla Grace', 'nhsuk-input--width-20')}
    ${input('family', 'Family name', '', 'nhsuk-input--width-20')}
    ${dateOfBirthInput(saved('birthDate'))}
    ${input('mrn', 'Hospital number (optional)', 'Only if the page shows one; it must be one the index holds for this patient', 'nhsuk-input--width-10')}
    <h2>About the document</h2>
    <div class="nhsuk-form-group"><label class="nhsuk-label" for="documentType">Document type</label>
      <div class="nhsuk-hint" id="documentType-hint">${readAs('documentType', 'choose another only if the page says so', 'choose the type the page shows')}</div>
      <select class="nhsuk-select" id="documentType" name="documentType" data-field="documentType" data-saved="${typeSaved}" aria-describedby="documentType-hint">
        <option value="">Keep what Recto read</option>${typeOptions}</select></div>
    ${input('documentDate', 'Document date', `Day, month and year. ${readAs('documentDate')}`, 'nhsuk-input--width-10')}
    ${input('author', 'Author', readAs('author'), 'nhsuk-input--width-30')}
    ${input('department', 'Department', readAs('department'), 'nhsuk-input--width-30')}
    ${writtenInputs}
    <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-action="fields">Save corrections</button>
    <p class="nhsuk-body-s" id="saved" role="status"></p>
  </fieldset></form>`;
}

/**
 * The NHS design system's date input (day, month and year boxes), as the service manual asks for
 * a date people know by heart. review.js joins the boxes day first ("12/6/1939") and the server
 * parses it like any typed date, so a box left empty or a month over 12 is refused with why.
 */
function dateOfBirthInput(savedUk: string): Html {
  const [day = '', month = '', year = ''] = savedUk ? savedUk.split('/') : [];
  const box = (part: string, label: string, value: string, width: string) =>
    html`<div class="nhsuk-date-input__item"><div class="nhsuk-form-group">
      <label class="nhsuk-label nhsuk-date-input__label" for="birthDate-${part}">${label}</label>
      <input class="nhsuk-input nhsuk-date-input__input ${width}" id="birthDate-${part}" data-date-part="${part}" value="${value}" inputmode="numeric" autocomplete="off"></div></div>`;
  return html`<div class="nhsuk-form-group"><fieldset class="nhsuk-fieldset" role="group" aria-describedby="birthDate-hint">
    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Date of birth</legend>
    <div class="nhsuk-hint" id="birthDate-hint">For example, 12 6 1939</div>
    <div class="nhsuk-date-input" id="birthDate" data-date-field="birthDate" data-saved="${savedUk}">
      ${box('day', 'Day', day, 'nhsuk-input--width-2')}${box('month', 'Month', month, 'nhsuk-input--width-2')}${box('year', 'Year', year, 'nhsuk-input--width-4')}
    </div></fieldset></div>`;
}

/** 1939-06-12 → 12/06/1939: the reviewer sees a saved date as they would type it. */
function ukDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}
