import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * nhsuk-frontend's stylesheet as Recto serves it. The package's CSS loads the Frutiger font from
 * https://assets.nhs.uk (Frutiger is licensed, so it is not in the npm package): on an
 * air-gapped trust network that is a request to nowhere, and the CSP refuses it anyway. Those
 * @font-face rules are dropped, so text falls back to the design system's own stack (Arial,
 * sans-serif). Its icons are written as `/assets/images/…`, a path only the NHS website serves;
 * they are pointed at the copies served under `imagesPrefix`.
 */
export function nhsukStylesheet(nhsukDist: string, imagesPrefix: string): string {
  const css = readFileSync(path.join(nhsukDist, 'nhsuk-frontend.min.css'), 'utf8');
  return (
    css
      .replace(/@font-face\{[^}]*\}/g, (rule) => (/url\((["']?)https?:/.test(rule) ? '' : rule))
      .replace(/url\((["']?)\/assets\/images\//g, `url($1${imagesPrefix}/`)
      // The source map describes the package's file, not this one.
      .replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '')
  );
}

/** Whatever in the CSS would still be fetched from another host (none, or the stylesheet is not served). */
export function remoteUrlsIn(css: string): string[] {
  return [...css.matchAll(/url\((["']?)((?:https?:)?\/\/[^)"']+)/g)].map((match) => match[2]);
}
