import type { BinaryImage } from './grey-image.ts';
import { type AngleSearchResult, findLineAngle, type InkPoints, inkPoints, projectionProfile, refineLineAngle } from './projection.ts';

/**
 * Page orientation without a second OCR pass. Two classic, explainable tests:
 * 1. Sideways or not: text lines give a far sharper projection profile across them than along.
 * 2. Upright or upside down: in mixed-case Latin script, ascenders, capitals and digits rise
 *    above the x-height far more often than descenders fall below it, so lines are top-heavy.
 * Test 2 says nothing about all-capitals text (receipts, forms), so it only claims confidence
 * on enough lines with a clear x-height band; otherwise the caller asks the OCR engine's
 * orientation detector, and failing that, leaves the page as scanned.
 */

export interface OrientationEstimate {
  /** Clockwise rotation that makes the page upright. */
  rotation: 0 | 90 | 180 | 270;
  /** Slope of the text lines after that rotation (deskew by rotating -skew). */
  skew: number;
  /** Ink above the x-height ÷ ink below it, over the lines measured (> 1 upright, < 1 upside down). */
  ascenderRatio: number;
  /** Lines with a clear x-height band that the ratio was measured on. */
  linesMeasured: number;
  /** How sure the decision is: false means ask another detector. */
  confident: boolean;
  /** How clearly any text lines were found at all. */
  lineContrast: number;
}

const SKEW_RANGE_DEGREES = 15;
const CONFIDENT_RATIO = 1.5;
const MIN_LINES = 5;
const QUICK_POINTS = 30_000;

interface FrameReading {
  quarterTurns: 0 | 1;
  skew: number;
  contrast: number;
  ascenders: AscenderReading;
}

export function estimateOrientation(binary: BinaryImage, dpi: number, precision = 0.04): OrientationEstimate {
  // A quick, sparse look says which way the lines probably run; the fine search follows it.
  const quickUpright = findLineAngle(inkPoints(binary, 0, QUICK_POINTS), SKEW_RANGE_DEGREES, 1, 0.5);
  const quickSideways = findLineAngle(inkPoints(binary, 1, QUICK_POINTS), SKEW_RANGE_DEGREES, 1, 0.5);
  const likely: 0 | 1 = quickSideways.score > quickUpright.score * 1.15 ? 1 : 0;
  const quick = (frame: 0 | 1): AngleSearchResult => (frame === 1 ? quickSideways : quickUpright);
  let reading = readFrame(binary, likely, quick(likely), dpi, precision);
  let confident = isConfident(reading.ascenders);
  if (!confident) {
    // Columns can out-score lines in test 1, but so can the letters of a single word read
    // sideways. A reading from the other frame is only a hint: the caller asks OSD to confirm.
    const other = readFrame(binary, likely === 1 ? 0 : 1, quick(likely === 1 ? 0 : 1), dpi, precision);
    if (isConfident(other.ascenders)) reading = other;
  }
  const { ratio, lines } = reading.ascenders;
  const upsideDown = ratio < 1;
  return {
    rotation: ((reading.quarterTurns * 90 + (upsideDown ? 180 : 0)) % 360) as OrientationEstimate['rotation'],
    // Rotating a page by 180° turns a slope of s into the same slope s: lines stay parallel.
    skew: reading.skew,
    ascenderRatio: Math.round(ratio * 100) / 100,
    linesMeasured: lines,
    confident,
    lineContrast: Math.round(reading.contrast * 100) / 100,
  };
}

function readFrame(
  binary: BinaryImage,
  quarterTurns: 0 | 1,
  quick: AngleSearchResult,
  dpi: number,
  precision: number,
): FrameReading {
  const points: InkPoints = inkPoints(binary, quarterTurns);
  // The quick sweep found the slope to within ±0.5°; refine it on all the points.
  const fine = refineLineAngle(points, quick.angle, undefined, 0.5, precision, SKEW_RANGE_DEGREES);
  return {
    quarterTurns,
    skew: fine.angle,
    contrast: quick.contrast,
    ascenders: ascenderRatio(projectionProfile(points, fine.angle), dpi),
  };
}

const isConfident = (reading: AscenderReading): boolean =>
  reading.lines >= MIN_LINES && (reading.ratio >= CONFIDENT_RATIO || reading.ratio <= 1 / CONFIDENT_RATIO);

export interface AscenderReading {
  ratio: number;
  lines: number;
}

/**
 * Walks the deskewed row profile line by line. In each line the densest rows are the x-height
 * band; ink in rows above it is ascenders/capitals, ink below is descenders. Lines without a
 * band clearly thinner than the line (all capitals, digits) and rule-like rows are skipped.
 */
export function ascenderRatio(profile: Float64Array, dpi: number): AscenderReading {
  const minLineHeight = Math.max(3, Math.round((dpi * 0.8) / 25.4)); // 0.8 mm
  const maxLineHeight = Math.round((dpi * 12) / 25.4); // 12 mm: taller runs are figures or borders
  // Rows with a trace of ink (noise, a stray mark) should not glue two text lines together.
  let peak = 0;
  for (const count of profile) peak = Math.max(peak, count);
  const gapLevel = peak * 0.03;
  let above = 0;
  let below = 0;
  let lines = 0;
  let start = -1;
  for (let row = 0; row <= profile.length; row++) {
    const inLine = row < profile.length && profile[row] > gapLevel;
    if (inLine && start < 0) start = row;
    if (inLine || start < 0) continue;
    const height = row - start;
    if (height >= minLineHeight && height <= maxLineHeight) {
      const counts = weighLine(profile, start, row);
      if (counts) {
        above += counts.above;
        below += counts.below;
        lines++;
      }
    }
    start = -1;
  }
  if (below === 0) return { ratio: above > 0 ? 10 : 1, lines };
  return { ratio: above / below, lines };
}

function weighLine(profile: Float64Array, start: number, end: number): { above: number; below: number } | undefined {
  const rows = Array.from(profile.subarray(start, end));
  // An underline or ruled line is one or two rows far denser than any row of letters.
  const typical = [...rows].sort((a, b) => a - b)[Math.floor(rows.length * 0.75)];
  const counts = rows.map((count) => (count > typical * 2.5 ? 0 : count));
  const peak = Math.max(...counts);
  const bandThreshold = peak * 0.4;
  let bandTop = counts.length;
  let bandBottom = -1;
  counts.forEach((count, i) => {
    if (count >= bandThreshold) {
      bandTop = Math.min(bandTop, i);
      bandBottom = Math.max(bandBottom, i);
    }
  });
  const bandHeight = bandBottom - bandTop + 1;
  if (bandBottom < 0 || bandHeight > counts.length * 0.8) return undefined; // no x-height band: capitals or digits
  let above = 0;
  let below = 0;
  for (let i = 0; i < bandTop; i++) above += counts[i];
  for (let i = bandBottom + 1; i < counts.length; i++) below += counts[i];
  return { above, below };
}
