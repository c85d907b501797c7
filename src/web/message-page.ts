import type { Identity } from '../auth/roles.ts';
import type { RectoError } from '../core/errors.ts';
import { type Html, html } from './html.ts';
import { pageLayout } from './page-layout.ts';

/** A page that explains why the person cannot go on, and what to do. */
export function messagePage(title: string, problem: RectoError, who: Identity | null): Html {
  return pageLayout(
    title,
    html`<h1>${title}</h1>
    <p class="nhsuk-body" id="problem-detail">${problem.message}</p>
    <p class="nhsuk-body">${problem.hint}</p>
    <p><a href="/">Go to the start page</a></p>`,
    who,
  );
}
