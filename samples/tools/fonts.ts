// Font choice and a deliberately simple width model for word wrapping.
// We cannot measure text inside librsvg from JS, so each font gets an average advance
// (in em) measured once from its real glyph widths on clinical prose, padded by ~8 %.
// Capitals and digits are wider than the prose average, so they count 1.3x; this keeps
// every wrapped line inside the right margin (the generator checks the ink box too).

export type FontFamily =
  | 'Nimbus Sans' | 'DejaVu Sans' | 'Nimbus Roman' | 'DejaVu Serif' | 'Nimbus Mono PS'
  // The fields-* samples use only DejaVu (fonts-dejavu-core) and Liberation (fonts-liberation,
  // which fontconfig and chromium pull in), so they regenerate byte-identically on machines
  // without the URW Nimbus fonts, where librsvg would silently substitute another face.
  | 'Liberation Sans' | 'Liberation Serif' | 'DejaVu Sans Mono';

// Measured averages (fontkit, mixed-case prose): Nimbus Sans 0.444, Nimbus Roman 0.407,
// DejaVu Sans 0.509, DejaVu Serif 0.518, Nimbus Mono PS 0.600 (monospaced, exact).
// Liberation Sans and Serif share Arial's and Times' advance widths, as Nimbus Sans and Roman
// share Helvetica's and Times', so they take the same padded averages; DejaVu Sans Mono is 0.602.
const AVERAGE_EM: Record<FontFamily, number> = {
  'Nimbus Sans': 0.48,
  'Nimbus Roman': 0.44,
  'DejaVu Sans': 0.55,
  'DejaVu Serif': 0.56,
  'Nimbus Mono PS': 0.6,
  'Liberation Sans': 0.48,
  'Liberation Serif': 0.44,
  'DejaVu Sans Mono': 0.61,
};

const MONOSPACED: ReadonlySet<FontFamily> = new Set(['Nimbus Mono PS', 'DejaVu Sans Mono']);

/** Estimated rendered width in px of `text` at `sizePx`. */
export function estimateWidth(text: string, family: FontFamily, sizePx: number, bold = false): number {
  const em = AVERAGE_EM[family] * (bold ? 1.1 : 1);
  let units = 0;
  for (const ch of text) units += /[A-Z0-9%@&]/.test(ch) && !MONOSPACED.has(family) ? 1.3 : 1;
  return units * em * sizePx;
}

/** Greedy word wrap to `maxWidth` px. Never breaks inside a word. */
export function wrap(text: string, family: FontFamily, sizePx: number, maxWidth: number): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && estimateWidth(candidate, family, sizePx) > maxWidth) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** Escape the five XML special characters for SVG <text> content and attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
