import { type Html, html } from './html.ts';

export const NHSUK_ASSETS = '/assets/nhsuk';

/** The NHS design system page frame (nhsuk-frontend, served locally: nothing from a CDN). */
export function pageLayout(title: string, main: Html): Html {
  return html`<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} – Recto</title>
  <link rel="stylesheet" href="${NHSUK_ASSETS}/nhsuk-frontend.min.css">
</head>
<body>
  <header class="nhsuk-header" role="banner">
    <div class="nhsuk-header__container nhsuk-width-container">
      <div class="nhsuk-header__service"><a class="nhsuk-header__service-name" href="/review">Recto – documents to review</a></div>
    </div>
  </header>
  <div class="nhsuk-width-container">
    <main class="nhsuk-main-wrapper" id="maincontent" role="main">${main}</main>
  </div>
</body>
</html>`;
}
