import type { Identity } from '../auth/roles.ts';
import type { SearchPage } from '../search/search-index.ts';
import { type Html, html } from './html.ts';
import { pageLayout, RECTO_ASSETS } from './page-layout.ts';
import { errorSummary, type FormError, type SearchFormValues, searchForm } from './search-form.ts';
import { rankedHits, timelineTable } from './search-results.ts';

export interface SearchPageContext {
  values: SearchFormValues;
  errors: FormError[];
  /** Said instead of results, e.g. that a clinician must give a patient. */
  notice?: string;
  results?: { page: SearchPage; text: string | undefined };
  who: Identity | undefined;
}

/**
 * The search page: the form, then the timeline or the ranked hits, with a link to the next page.
 * search.js moves focus to what a search answered (the error summary, the results or the notice),
 * so a keyboard user does not start again at the top of a long form.
 */
export function searchPage({ values, errors, notice, results, who }: SearchPageContext): Html {
  const next = results?.page.nextCursor ? `/search?${new URLSearchParams({ ...definedOf(values), cursor: results.page.nextCursor })}` : null;
  return pageLayout(
    'Search documents',
    html`<link rel="stylesheet" href="${RECTO_ASSETS}/viewer.css">
    <script src="${RECTO_ASSETS}/search.js" defer></script>
    ${errors.length > 0 ? errorSummary('There is a problem', errors) : ''}
    <h1>Search documents</h1>
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-one-third">${searchForm(values, errors)}</div>
      <div class="nhsuk-grid-column-two-thirds" id="results">
        ${notice ? html`<div class="nhsuk-inset-text" id="search-notice" tabindex="-1"><span class="nhsuk-u-visually-hidden">Information: </span><p>${notice}</p></div>` : ''}
        ${results ? html`<h2 id="results-heading" tabindex="-1">${results.text ? 'Pages with those words' : "The patient's documents"}</h2>
          ${results.text ? rankedHits(results.page, results.text) : timelineTable(results.page, 'Newest first')}` : ''}
        ${next ? html`<p><a class="nhsuk-link" href="${next}" id="next-page">Next page of results</a></p>` : ''}
      </div>
    </div>`,
    who,
  );
}

function definedOf(values: SearchFormValues): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[0] !== 'cursor' && Boolean(entry[1])));
}
