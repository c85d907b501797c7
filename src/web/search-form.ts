import { RectoError } from '../core/errors.ts';
import { DOCUMENT_TYPES } from '../extract/document-types.ts';
import type { DocumentTypeKey } from '../extract/extracted-fields.ts';
import { parseEnteredDate } from '../review/entered-date.ts';
import type { SearchQuery } from '../search/search-index.ts';
import { type Html, html } from './html.ts';

/**
 * The search page's form: a plain GET form, so the address of a search can be bookmarked, sent
 * back and forth and paged without script. Dates are typed the UK way in the NHS date input's
 * day, month and year boxes; what cannot be read is said beside the box, never guessed.
 */

const DATE_PARTS = ['Day', 'Month', 'Year'] as const;
const DATE_FIELDS = { dob: 'Date of birth', from: 'Written on or after', to: 'Written on or before' } as const;
type DateField = keyof typeof DATE_FIELDS;

/** The querystring as the form sends it: every box a string, "" when left empty. */
export type SearchFormValues = Partial<Record<'nhsNumber' | 'name' | 'mrn' | 'q' | 'type' | 'cursor' | `${DateField}${(typeof DATE_PARTS)[number]}`, string>>;

export const SEARCH_FORM_FIELDS = [
  'nhsNumber', 'name', 'mrn', 'q', 'type', 'cursor',
  ...(Object.keys(DATE_FIELDS) as DateField[]).flatMap((field) => DATE_PARTS.map((part) => `${field}${part}` as const)),
] as const;

export interface FormError {
  /** The id of the box to go to from the error summary. */
  field: string;
  message: string;
}

export interface ReadForm {
  query: SearchQuery;
  errors: FormError[];
  /** NHS number, hospital number, or name with date of birth: what a clinician's search must give. */
  namesPatient: boolean;
  /** Nothing typed at all: the page shows the empty form. */
  empty: boolean;
}

export function readSearchForm(values: SearchFormValues): ReadForm {
  const given = (name: keyof SearchFormValues) => values[name]?.trim() || undefined;
  const errors: FormError[] = [];
  const date = (field: DateField): string | undefined => {
    const parts = DATE_PARTS.map((part) => given(`${field}${part}`) ?? '');
    if (parts.every((part) => part === '')) return undefined;
    try {
      return parseEnteredDate(parts.join('/'), field === 'dob' ? 'birth' : 'document');
    } catch (error) {
      if (!(error instanceof RectoError)) throw error;
      errors.push({ field: `${field}Day`, message: `${DATE_FIELDS[field]}: ${error.message.replace(/^the (date of birth|document date) /, '')}` });
      return undefined;
    }
  };
  const type = given('type');
  if (type && !DOCUMENT_TYPES.some((entry) => entry.key === type)) errors.push({ field: 'type', message: 'Choose a document type from the list' });
  const query: SearchQuery = {
    text: given('q'),
    nhsNumber: given('nhsNumber'),
    mrn: given('mrn'),
    name: given('name'),
    birthDate: date('dob'),
    types: type && errors.every((error) => error.field !== 'type') ? [type as DocumentTypeKey] : undefined,
    from: date('from'),
    to: date('to'),
    cursor: given('cursor'),
  };
  const cleaned = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as SearchQuery;
  return {
    query: cleaned,
    errors,
    namesPatient: Boolean(cleaned.nhsNumber || cleaned.mrn || (cleaned.name && cleaned.birthDate)),
    empty: SEARCH_FORM_FIELDS.every((name) => !given(name)),
  };
}

/** The form, filled in with what was searched, errors beside their boxes. */
export function searchForm(values: SearchFormValues, errors: readonly FormError[]): Html {
  const errorOf = (field: string) => errors.find((error) => error.field === field);
  const text = (name: 'nhsNumber' | 'name' | 'mrn' | 'q', label: string, hint: string, width: string) => {
    const error = errorOf(name);
    return html`<div class="nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}">
      <label class="nhsuk-label" for="${name}">${label}</label>
      <div class="nhsuk-hint" id="${name}-hint">${hint}</div>
      ${error ? html`<span class="nhsuk-error-message" id="${name}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${error.message}</span>` : ''}
      <input class="nhsuk-input ${width}${error ? ' nhsuk-input--error' : ''}" id="${name}" name="${name}" type="text" value="${values[name] ?? ''}"
        aria-describedby="${name}-hint${error ? ` ${name}-error` : ''}" autocomplete="off" spellcheck="false"></div>`;
  };
  return html`<form method="get" action="/search" novalidate class="recto-search-form">
    <fieldset class="nhsuk-fieldset"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Patient</legend>
      ${text('nhsNumber', 'NHS number', 'For example, 999 123 4567', 'nhsuk-input--width-10')}
      <p class="nhsuk-body">Or their name and date of birth:</p>
      ${text('name', 'Name', 'Any of their names, in any order', 'nhsuk-input--width-20')}
      ${dateInput('dob', values, errorOf('dobDay'))}
      ${text('mrn', 'Or hospital number (MRN)', 'As printed on the notes', 'nhsuk-input--width-10')}
    </fieldset>
    <fieldset class="nhsuk-fieldset"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">In the documents</legend>
      ${text('q', 'Words or "a phrase"', 'Every word must be on one page; put a phrase in double quotes', 'nhsuk-input--width-30')}
      ${typeSelect(values.type ?? '', errorOf('type'))}
      ${dateInput('from', values, errorOf('fromDay'))}
      ${dateInput('to', values, errorOf('toDay'))}
    </fieldset>
    <button class="nhsuk-button" type="submit">Search</button>
  </form>`;
}

function typeSelect(chosen: string, error: FormError | undefined): Html {
  return html`<div class="nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}">
    <label class="nhsuk-label" for="type">Document type</label>
    ${error ? html`<span class="nhsuk-error-message" id="type-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${error.message}</span>` : ''}
    <select class="nhsuk-select" id="type" name="type"${error ? html` aria-describedby="type-error"` : ''}>
      <option value="">Any type</option>
      ${DOCUMENT_TYPES.map((entry) => html`<option value="${entry.key}"${entry.key === chosen ? html` selected` : ''}>${entry.display}</option>`)}
    </select></div>`;
}

function dateInput(field: DateField, values: SearchFormValues, error: FormError | undefined): Html {
  const box = (part: (typeof DATE_PARTS)[number], width: string) => {
    const name = `${field}${part}` as const;
    return html`<div class="nhsuk-date-input__item"><div class="nhsuk-form-group">
      <label class="nhsuk-label nhsuk-date-input__label" for="${name}">${part}</label>
      <input class="nhsuk-input nhsuk-date-input__input ${width}${error ? ' nhsuk-input--error' : ''}" id="${name}" name="${name}" type="text" inputmode="numeric" value="${values[name] ?? ''}" autocomplete="off"></div></div>`;
  };
  return html`<div class="nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}"><fieldset class="nhsuk-fieldset" role="group" aria-describedby="${field}-hint${error ? ` ${field}-error` : ''}">
    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">${DATE_FIELDS[field]}</legend>
    <div class="nhsuk-hint" id="${field}-hint">For example, ${field === 'dob' ? '17 9 1948' : '14 3 2026'}</div>
    ${error ? html`<span class="nhsuk-error-message" id="${field}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${error.message}</span>` : ''}
    <div class="nhsuk-date-input">${box('Day', 'nhsuk-input--width-2')}${box('Month', 'nhsuk-input--width-2')}${box('Year', 'nhsuk-input--width-4')}</div>
  </fieldset></div>`;
}

/** The NHS error summary, each error linking to its box. */
export function errorSummary(title: string, errors: readonly FormError[]): Html {
  return html`<div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
    <h2 class="nhsuk-error-summary__title" id="error-summary-title">${title}</h2>
    <div class="nhsuk-error-summary__body"><ul class="nhsuk-list nhsuk-error-summary__list">
      ${errors.map((error) => html`<li><a href="#${error.field}">${error.message}</a></li>`)}
    </ul></div></div>`;
}
