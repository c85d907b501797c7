import type { ReviewItem } from '../review-store.ts';
import { type Html, html } from '../../web/html.ts';

/**
 * "Candidate patients": the index's patients this item may belong to, listed by review.js from
 * GET /v1/review/{id}/candidates (so every listing is an audited API call naming the patients
 * shown), with a search by hospital number or family name and date of birth. "Use this patient"
 * fills the identity inputs from the index entry, only while the viewer holds the item; the
 * approval then checks the page shows that patient (candidate-on-page.ts). Rows are built with
 * textContent in review.js: nothing from the index becomes markup.
 */
export function candidatesPanel(item: ReviewItem, editable: boolean): Html {
  if (item.status === 'approved' || item.status === 'rejected') return html``;
  return html`<section id="candidates" class="nhsuk-u-margin-bottom-6" data-editable="${editable ? 'yes' : 'no'}" aria-labelledby="candidates-heading">
    <h2 id="candidates-heading">Candidate patients</h2>
    <p>Patients in the trust's index with a hospital number, or a family name and date of birth, read on the page.
      Compare each with the page before you use one: a patient is only filed to when the page shows their family name and their date of birth, NHS number or hospital number.</p>
    <p id="candidates-status" class="nhsuk-body" role="status" aria-live="polite">Looking up candidates…</p>
    <table class="nhsuk-table" id="candidates-table" hidden>
      <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Candidate patients from the index</caption>
      <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
        <th class="nhsuk-table__header" scope="col">Patient</th>
        <th class="nhsuk-table__header" scope="col">NHS number</th>
        <th class="nhsuk-table__header" scope="col">Date of birth</th>
        <th class="nhsuk-table__header" scope="col">Hospital numbers</th>
        <th class="nhsuk-table__header" scope="col">Found by</th>
        <th class="nhsuk-table__header" scope="col">On the page</th>
        <th class="nhsuk-table__header" scope="col"><span class="nhsuk-u-visually-hidden">Action</span></th>
      </tr></thead>
      <tbody class="nhsuk-table__body" id="candidates-rows"></tbody>
    </table>
    <form id="candidate-search" novalidate>
      <fieldset class="nhsuk-fieldset"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Search the index</legend>
        <div class="nhsuk-hint" id="candidate-search-hint">A hospital number, or a family name with a date of birth, as you read them on the page</div>
        <div class="nhsuk-form-group"><label class="nhsuk-label" for="candidate-mrn">Hospital number</label>
          <input class="nhsuk-input nhsuk-input--width-10" id="candidate-mrn" autocomplete="off" aria-describedby="candidate-search-hint"></div>
        <div class="nhsuk-form-group"><label class="nhsuk-label" for="candidate-family">Last name</label>
          <input class="nhsuk-input nhsuk-input--width-20" id="candidate-family" autocomplete="off"></div>
        <div class="nhsuk-form-group"><label class="nhsuk-label" for="candidate-birth-date">Date of birth</label>
          <div class="nhsuk-hint" id="candidate-birth-date-hint">For example, 12/06/1939</div>
          <input class="nhsuk-input nhsuk-input--width-10" id="candidate-birth-date" autocomplete="off" inputmode="numeric" aria-describedby="candidate-birth-date-hint"></div>
        <button class="nhsuk-button nhsuk-button--secondary" type="submit">Search the index</button>
      </fieldset>
    </form>
  </section>`;
}
