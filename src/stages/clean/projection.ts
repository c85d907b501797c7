import type { BinaryImage } from './grey-image.ts';

/**
 * Ink pixels as coordinates in a chosen frame. Orientation and skew are both found by
 * projecting these points onto a rotated axis: text lines give a spiky profile only when the
 * axis is perpendicular to them.
 */
export interface InkPoints {
  /** Column coordinate in the frame. */
  u: Float32Array;
  /** Row coordinate in the frame (increases downwards). */
  v: Float32Array;
  /** Extent of the frame, so profiles can be sized. */
  frameWidth: number;
  frameHeight: number;
}

/** A page has ~10⁵–10⁶ ink pixels at 150 dpi; an even sample of this many keeps every line's profile. */
export const DEFAULT_MAX_POINTS = 120_000;

/**
 * Collects ink points from `binary` seen rotated clockwise by `quarterTurns` × 90°.
 * Very dense pages are subsampled evenly: the profile's shape, not its height, matters.
 */
export function inkPoints(binary: BinaryImage, quarterTurns: 0 | 1, maxPoints = DEFAULT_MAX_POINTS): InkPoints {
  const { width, height, data } = binary;
  let count = 0;
  for (let i = 0; i < data.length; i++) count += data[i];
  const stride = Math.max(1, Math.ceil(count / maxPoints));
  const size = Math.ceil(count / stride);
  const u = new Float32Array(size);
  const v = new Float32Array(size);
  let seen = 0;
  let kept = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (data[row + x] === 0) continue;
      if (seen++ % stride !== 0 || kept >= size) continue;
      // A clockwise quarter turn maps (x, y) to (height - 1 - y, x).
      u[kept] = quarterTurns === 0 ? x : height - 1 - y;
      v[kept] = quarterTurns === 0 ? y : x;
      kept++;
    }
  }
  return {
    u: u.subarray(0, kept),
    v: v.subarray(0, kept),
    frameWidth: quarterTurns === 0 ? width : height,
    frameHeight: quarterTurns === 0 ? height : width,
  };
}

/** Row profile after rotating the points by -angle (so lines sloping by `angle` become flat). */
export function projectionProfile(points: InkPoints, angleDegrees: number): Float64Array {
  const radians = (angleDegrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const margin = Math.ceil(points.frameWidth * Math.abs(sin)) + 2;
  const profile = new Float64Array(Math.ceil(points.frameHeight * Math.abs(cos)) + 2 * margin + 2);
  for (let i = 0; i < points.u.length; i++) {
    const row = Math.round(points.v[i] * cos - points.u[i] * sin) + margin;
    profile[row]++;
  }
  return profile;
}

/** Sharpness of a profile: the sum of squared steps between adjacent rows, large when lines are crisp. */
export function profileSharpness(profile: Float64Array): number {
  let score = 0;
  for (let i = 1; i < profile.length; i++) {
    const step = profile[i] - profile[i - 1];
    score += step * step;
  }
  return score;
}

export interface AngleSearchResult {
  /** The slope of the text lines in degrees (clockwise positive, image y down). */
  angle: number;
  score: number;
  /** Score at the best angle ÷ the median score over the search: how clearly lines were found. */
  contrast: number;
}

/**
 * Coarse-to-fine search for the line slope in [-range, +range] degrees: a sweep at `coarseStep`,
 * then shrinking neighbourhoods around the best angle down to `precision` degrees.
 */
export function findLineAngle(points: InkPoints, range: number, coarseStep: number, precision: number): AngleSearchResult {
  const coarseScores: number[] = [];
  let best = { angle: 0, score: -1 };
  for (let angle = -range; angle <= range + 1e-9; angle += coarseStep) {
    const score = scoreAt(points, angle);
    coarseScores.push(score);
    if (score > best.score) best = { angle, score };
  }
  const refined = refineLineAngle(points, best.angle, best.score, coarseStep / 2, precision, range);
  const sorted = [...coarseScores].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] || 1;
  return { ...refined, contrast: refined.score / median };
}

/**
 * Refines a slope already known to within ±2·`step` degrees (from a quick sweep on fewer
 * points) by probing shrinking neighbourhoods; far cheaper than a second full sweep.
 */
export function refineLineAngle(
  points: InkPoints,
  start: number,
  startScore: number | undefined,
  step: number,
  precision: number,
  range: number,
): { angle: number; score: number } {
  let best = { angle: start, score: startScore ?? scoreAt(points, start) };
  for (let size = step; size >= precision - 1e-9; size /= 2.5) {
    const centre = best.angle;
    for (const angle of [centre - 2 * size, centre - size, centre + size, centre + 2 * size]) {
      if (Math.abs(angle) > range + 1) continue;
      const score = scoreAt(points, angle);
      if (score > best.score) best = { angle, score };
    }
  }
  return { angle: Math.round(best.angle * 100) / 100, score: best.score };
}

const scoreAt = (points: InkPoints, angle: number): number => profileSharpness(projectionProfile(points, angle));
