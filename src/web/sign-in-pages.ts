import type { Identity, Role } from '../auth/roles.ts';
import { type Html, html } from './html.ts';
import { pageLayout, RECTO_ASSETS } from './page-layout.ts';

export function signInPage(options: { returnTo: string; oidcName?: string }): Html {
  const oidc = options.oidcName
    ? html`<p><a class="nhsuk-button" id="oidc" href="/auth/oidc/start?returnTo=${encodeURIComponent(options.returnTo)}">Sign in with ${options.oidcName}</a></p>
      <p class="nhsuk-body">Or with a Recto account:</p>`
    : '';
  return pageLayout(
    'Sign in',
    html`<h1>Sign in to Recto</h1>
    ${oidc}
    <div class="nhsuk-error-summary" role="alert" id="problem" tabindex="-1" hidden><h2 class="nhsuk-error-summary__title">You are not signed in</h2><p id="problem-text"></p></div>
    <form id="sign-in" data-return-to="${options.returnTo}" novalidate>
      <div class="nhsuk-form-group"><label class="nhsuk-label" for="name">User name</label>
        <input class="nhsuk-input nhsuk-input--width-20" id="name" name="name" autocomplete="username" spellcheck="false" required></div>
      <div class="nhsuk-form-group"><label class="nhsuk-label" for="password">Password</label>
        <input class="nhsuk-input nhsuk-input--width-20" id="password" name="password" type="password" autocomplete="current-password" required></div>
      <button class="nhsuk-button" type="submit">Sign in</button>
    </form>
    <script src="${RECTO_ASSETS}/sign-in.js" defer></script>`,
  );
}

const HOMES: Array<{ role: Role; href: string; text: string }> = [
  { role: 'clinician', href: '/search', text: "Find a patient's documents and search inside them" },
  { role: 'records', href: '/upload', text: 'Upload scans and follow their progress' },
  { role: 'reviewer', href: '/review', text: 'Documents to review' },
  { role: 'reviewer', href: '/search', text: 'Search the documents of any patient' },
  { role: 'admin', href: '/admin', text: 'Users, API tokens, queues and the audit trail' },
  { role: 'admin', href: '/search', text: 'Search the documents of any patient' },
];

/** After sign-in: what this person can do, by role. */
export function homePage(who: Identity): Html {
  // One link per place: a reviewer who is also an admin or clinician sees search once.
  const links = HOMES.filter((home) => who.roles.includes(home.role)).filter((home, index, all) => all.findIndex((other) => other.href === home.href) === index);
  return pageLayout(
    'Home',
    html`<h1>Recto</h1>
    <p>Signed in as ${who.displayName} (${who.roles.join(', ')}).</p>
    <ul class="nhsuk-list">${links.map((link) => html`<li><a href="${link.href}">${link.text}</a></li>`)}</ul>`,
    who,
  );
}

/** The page the identity provider sends the browser back to: it sets the session and moves on from this site, so the SameSite=Strict cookie is sent. */
export function continuePage(returnTo: string): string {
  return html`<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${returnTo}"><title>Signed in – Recto</title></head>
<body><p>Signed in. <a href="${returnTo}">Continue</a></p></body></html>`.value;
}
