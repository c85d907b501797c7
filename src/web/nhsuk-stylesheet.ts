import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The Frutiger files nhsuk-frontend names (regular and bold), as a trust that licenses the font holds them. */
export const FRUTIGER_FILES = { 400: 'FrutigerLTW01-55Roman.woff2', 600: 'FrutigerLTW01-65Bold.woff2' } as const;

/**
 * nhsuk-frontend's stylesheet as Recto serves it. The package's CSS loads the Frutiger font from
 * https://assets.nhs.uk (Frutiger is licensed, so it is not in the npm package): on an
 * air-gapped trust network that is a request to nowhere, and the CSP refuses it anyway. Those
 * @font-face rules are dropped, so text falls back to the design system's own stack (Arial,
 * sans-serif), unless `fontsPrefix` says where Recto serves the trust's own copies (FONTS_DIR).
 * Its icons are written as `/assets/images/…`, a path only the NHS website serves; they are
 * pointed at the copies served under `imagesPrefix`.
 */
export function nhsukStylesheet(nhsukDist: string, imagesPrefix: string, fontsPrefix?: string): string {
  const css = readFileSync(path.join(nhsukDist, 'nhsuk-frontend.min.css'), 'utf8');
  const fonts = fontsPrefix
    ? Object.entries(FRUTIGER_FILES)
        .map(([weight, file]) => `@font-face{font-family:Frutiger W01;font-style:normal;font-weight:${weight};font-display:fallback;src:url(${fontsPrefix}/${file}) format("woff2")}`)
        .join('')
    : '';
  // The trust's rules go where the remote ones were: after @charset, which must come first.
  let placed = false;
  return (
    css
      .replace(/@font-face\{[^}]*\}/g, (rule) => {
        if (!/url\((["']?)https?:/.test(rule)) return rule;
        if (placed) return '';
        placed = true;
        return fonts;
      })
      .replace(/url\((["']?)\/assets\/images\//g, `url($1${imagesPrefix}/`)
      // The source map describes the package's file, not this one.
      .replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '')
  );
}

/** Whatever in the CSS would still be fetched from another host (none, or the stylesheet is not served). */
export function remoteUrlsIn(css: string): string[] {
  return [...css.matchAll(/url\((["']?)((?:https?:)?\/\/[^)"']+)/g)].map((match) => match[2]);
}
