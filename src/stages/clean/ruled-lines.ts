/**
 * Ruled lines (the grid of a drug chart or a NEWS2 chart, form boxes, rules under a letterhead)
 * are read by OCR as characters: "|" at every cell wall, "_" or "—" along the rows, and a cell's
 * text glued to its borders. They are found as long, thin runs of ink and painted out of the
 * OCR image only (the page kept in the PDF keeps them). Where a letter crosses or touches a
 * line, the line's pixels are kept there, so no stroke of the letter is cut.
 */

export interface RulesRemoved {
  /** Horizontal rules found, counted as separate rows of the page. */
  horizontal: number;
  /** Vertical rules found, counted as separate columns of the page. */
  vertical: number;
  pixels: number;
}

/** Darker than this on the flattened page is ink; light grey chart grids are ink too. */
const INK = 200;
/** A rule is at least a third of an inch long: longer than any letter, or most words without a gap. */
const MIN_RULE_INCHES = 1 / 3;
/** And at most this thick: a solid bar (redaction, shaded heading) is not a rule. */
const MAX_RULE_MM = 1;
/** Gaps this short (a fax's broken rule) still belong to the rule; the gap between two words is wider. */
const MAX_GAP_MM = 0.4;
/** Share of a run that must be ink: a fax's rule resampled from 100 dpi is dashed; a row through words is far sparser. */
const MIN_INK_SHARE = 0.7;
/** Rules this close to the page's edge are not counted (a scanner border's remains); print starts further in. */
const EDGE_MARGIN_MM = 15;
/** Pixels of soft edge either side of a rule, painted out with it. */
const EDGE = 2;

/**
 * A grid of rules (a chart, a form of boxes) rather than a rule or two under a letterhead. With
 * its rules gone, full layout analysis reads such a page column by column; read as one block,
 * it comes out row by row, as the form is filled in and read (NEWS2 chart: CER 9.7 % → 0.2 %).
 */
export function isRuledForm(rules: RulesRemoved): boolean {
  return rules.horizontal >= MIN_FORM_ROWS && rules.vertical >= MIN_FORM_COLUMNS;
}

const MIN_FORM_ROWS = 4;
const MIN_FORM_COLUMNS = 3;

export function removeRuledLines(grey: Uint8Array, width: number, height: number, dpi: number): RulesRemoved {
  const minRun = Math.round(dpi * MIN_RULE_INCHES);
  const maxThickness = Math.max(2, Math.round((MAX_RULE_MM * dpi) / 25.4));
  const ink = (i: number): boolean => grey[i] < INK;
  // Both masks are found on the page as it is, so each line's crossing test can ignore the other lines.
  const maxGap = Math.max(1, Math.round((MAX_GAP_MM * dpi) / 25.4));
  const across = longRuns(grey, width, height, minRun, maxGap, 1, width);
  const down = longRuns(grey, height, width, minRun, maxGap, width, 1);
  const remove = new Uint8Array(grey.length);
  const crossed = (i: number, mask: Uint8Array): boolean => ink(i) && mask[i] === 0;
  const margin = Math.round((EDGE_MARGIN_MM * dpi) / 25.4);
  const horizontal = markRules(across, height, width, width, 1, maxThickness, margin, (i) => crossed(i, down), remove);
  const vertical = markRules(down, width, height, 1, width, maxThickness, margin, (i) => crossed(i, across), remove);
  let pixels = 0;
  for (let i = 0; i < grey.length; i++) {
    if (remove[i] === 0) continue;
    grey[i] = 255;
    pixels++;
  }
  return { horizontal, vertical, pixels };
}

/**
 * Marks the pixels of ink runs at least `minRun` long along lines of the image. A line is walked
 * by `step` from `lineStart(n) = n * lineStride`; `lines` × `length` covers the page.
 */
function longRuns(grey: Uint8Array, length: number, lines: number, minRun: number, maxGap: number, step: number, lineStride: number): Uint8Array {
  const mask = new Uint8Array(grey.length);
  for (let line = 0; line < lines; line++) {
    const start = line * lineStride;
    let runStart = -1;
    let lastInk = -1;
    let inkInRun = 0;
    for (let k = 0; k <= length; k++) {
      const isInk = k < length && grey[start + k * step] < INK;
      if (isInk) {
        if (runStart < 0) {
          runStart = k;
          inkInRun = 0;
        }
        lastInk = k;
        inkInRun++;
        continue;
      }
      // A fax's threshold breaks a rule into dashes: short gaps do not end the run.
      if (runStart < 0 || (k < length && k - lastInk <= maxGap)) continue;
      // Mostly ink, unlike a row through a word, whose letters are as close as a broken rule's dashes.
      const runLength = lastInk + 1 - runStart;
      if (runLength >= minRun && inkInRun >= MIN_INK_SHARE * runLength) {
        for (let j = runStart; j <= lastInk; j++) if (grey[start + j * step] < INK) mask[start + j * step] = 1;
      }
      runStart = -1;
    }
  }
  return mask;
}

/**
 * Across the run direction (a column for horizontal rules), each band of run pixels no thicker
 * than `maxThickness` is a piece of rule. It is removed, with a pixel of anti-aliased edge on
 * each side, unless ink goes on beyond the band on either side: a letter crossing or touching
 * the rule there. Returns how many separate rules (bands of rows, or of columns) were found.
 */
function markRules(
  mask: Uint8Array,
  length: number,
  lines: number,
  step: number,
  lineStride: number,
  maxThickness: number,
  margin: number,
  inkBeyond: (i: number) => boolean,
  remove: Uint8Array,
): number {
  const ruleAt = new Uint8Array(length);
  for (let line = 0; line < lines; line++) {
    const start = line * lineStride;
    let k = 0;
    while (k < length) {
      if (mask[start + k * step] === 0) {
        k++;
        continue;
      }
      const bandStart = k;
      while (k < length && mask[start + k * step] === 1) k++;
      const bandEnd = k; // exclusive
      if (bandEnd - bandStart > maxThickness) continue;
      for (let j = bandStart; j < bandEnd; j++) ruleAt[j] = 1;
      // Look past the rule's soft edge (blur, resampling) for a stroke going on.
      const before = bandStart - 1 - EDGE;
      const after = bandEnd + EDGE;
      const touched = (before >= 0 && inkBeyond(start + before * step)) || (after < length && inkBeyond(start + after * step));
      if (touched) continue;
      for (let j = Math.max(0, bandStart - EDGE); j < Math.min(length, bandEnd + EDGE); j++) remove[start + j * step] = 1;
    }
  }
  // Only rules inside the margins count: at the edges are the remains of scanner borders.
  let rules = 0;
  for (let k = margin; k < length - margin; k++) if (ruleAt[k] === 1 && ruleAt[k - 1] === 0) rules++;
  return rules;
}
