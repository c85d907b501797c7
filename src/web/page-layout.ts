import type { Identity } from '../auth/roles.ts';
import { type Html, html } from './html.ts';

export const NHSUK_ASSETS = '/assets/nhsuk';
/** Recto's own scripts and styles: pages carry no inline script or style, so the CSP can forbid them. */
export const RECTO_ASSETS = '/assets/recto';
/** nhsuk-frontend's CSS without its remote fonts (src/web/nhsuk-stylesheet.ts). */
export const NHSUK_STYLESHEET = `${NHSUK_ASSETS}/nhsuk-frontend.min.css`;

/** The NHS design system page frame (nhsuk-frontend, served locally: nothing from a CDN). */
export function pageLayout(title: string, main: Html, who?: Identity | null): Html {
  return html`<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} – Recto</title>
  <link rel="stylesheet" href="${NHSUK_STYLESHEET}">
  <link rel="stylesheet" href="${RECTO_ASSETS}/recto.css">
  <script src="${RECTO_ASSETS}/session.js" defer></script>
  <script src="${RECTO_ASSETS}/skip-link.js" defer></script>
</head>
<body>
  <a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
  <header class="nhsuk-header" role="banner">
    <div class="nhsuk-header__container nhsuk-width-container">
      <div class="nhsuk-header__service"><a class="nhsuk-header__service-name" href="/">Recto</a></div>
      ${
        who
          ? html`<p class="nhsuk-body-s nhsuk-u-margin-bottom-0 recto-signed-in-as" id="signed-in-as">${who.displayName}
          <button class="nhsuk-button nhsuk-button--reverse nhsuk-button--small nhsuk-u-margin-bottom-0" type="button" id="sign-out">Sign out</button></p>`
          : ''
      }
    </div>
  </header>
  <div class="nhsuk-width-container">
    <main class="nhsuk-main-wrapper" id="maincontent" role="main">${main}</main>
  </div>
</body>
</html>`;
}
