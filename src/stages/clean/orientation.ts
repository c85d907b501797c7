import type { BinaryImage } from './grey-image.ts';
import { findLineAngle, inkPoints, projectionProfile } from './projection.ts';

/**
 * Page orientation without a second OCR pass. Two classic, explainable tests:
 * 1. Sideways or not: text lines give a far sharper projection profile across them than along.
 * 2. Upright or upside down: in Latin script, ascenders, capitals and digits rise above the
 *    x-height far more often than descenders fall below it, so each line's ink is top-heavy.
 * When test 2 is unsure, the caller may ask the OCR engine's orientation detector instead.
 */

export interface OrientationEstimate {
  /** Clockwise rotation that makes the page upright. */
  rotation: 0 | 90 | 180 | 270;
  /** Slope of the text lines after that rotation (deskew by rotating -skew). */
  skew: number;
  /** Ink above the x-height ÷ ink below it, over all lines (> 1 upright, < 1 upside down). */
  ascenderRatio: number;
  /** How sure the up/down decision is: false means ask another detector. */
  confident: boolean;
  /** How clearly any text lines were found at all. */
  lineContrast: number;
}

const SKEW_RANGE_DEGREES = 15;
const UPRIGHT_RATIO = 1.25;
const QUICK_POINTS = 30_000;

export function estimateOrientation(binary: BinaryImage, dpi: number, precision = 0.04): OrientationEstimate {
  // A quick, sparse look decides sideways-or-not; the fine skew search then runs in one frame only.
  const quickUpright = findLineAngle(inkPoints(binary, 0, QUICK_POINTS), SKEW_RANGE_DEGREES, 1, 0.5);
  const quickSideways = findLineAngle(inkPoints(binary, 1, QUICK_POINTS), SKEW_RANGE_DEGREES, 1, 0.5);
  const isSideways = quickSideways.score > quickUpright.score * 1.15;
  const points = inkPoints(binary, isSideways ? 1 : 0);
  const fine = findLineAngle(points, SKEW_RANGE_DEGREES, 0.5, precision);
  const ratio = ascenderRatio(projectionProfile(points, fine.angle), dpi);
  const upsideDown = ratio < 1;
  const confident = ratio >= UPRIGHT_RATIO || ratio <= 1 / UPRIGHT_RATIO;
  const base = isSideways ? 90 : 0;
  const rotation = ((base + (upsideDown ? 180 : 0)) % 360) as 0 | 90 | 180 | 270;
  return {
    rotation,
    // Rotating a page by 180° turns a slope of s into the same slope s: lines stay parallel.
    skew: fine.angle,
    ascenderRatio: Math.round(ratio * 100) / 100,
    confident,
    lineContrast: Math.round(fine.contrast * 100) / 100,
  };
}

/**
 * Walks the deskewed row profile line by line. In each line the densest rows are the x-height
 * band; ink in rows above it is ascenders/capitals, ink below is descenders.
 */
export function ascenderRatio(profile: Float64Array, dpi: number): number {
  const minLineHeight = Math.max(3, Math.round((dpi * 0.8) / 25.4)); // 0.8 mm
  const maxLineHeight = Math.round((dpi * 12) / 25.4); // 12 mm: taller runs are figures or borders
  // Rows with a trace of ink (noise, a stray mark) should not glue two text lines together.
  let peak = 0;
  for (const count of profile) peak = Math.max(peak, count);
  const gapLevel = peak * 0.03;
  let above = 0;
  let below = 0;
  let start = -1;
  for (let row = 0; row <= profile.length; row++) {
    const inLine = row < profile.length && profile[row] > gapLevel;
    if (inLine && start < 0) start = row;
    if (inLine || start < 0) continue;
    const height = row - start;
    if (height >= minLineHeight && height <= maxLineHeight) {
      const counts = weighLine(profile, start, row);
      above += counts.above;
      below += counts.below;
    }
    start = -1;
  }
  if (below === 0) return above > 0 ? 10 : 1;
  return above / below;
}

function weighLine(profile: Float64Array, start: number, end: number): { above: number; below: number } {
  let peak = 0;
  for (let row = start; row < end; row++) peak = Math.max(peak, profile[row]);
  const bandThreshold = peak * 0.4;
  let bandTop = end;
  let bandBottom = start;
  for (let row = start; row < end; row++) {
    if (profile[row] >= bandThreshold) {
      bandTop = Math.min(bandTop, row);
      bandBottom = Math.max(bandBottom, row);
    }
  }
  let above = 0;
  let below = 0;
  for (let row = start; row < bandTop; row++) above += profile[row];
  for (let row = bandBottom + 1; row < end; row++) below += profile[row];
  return { above, below };
}
