import sharp from 'sharp';
import type { BBox } from '../../core/types.ts';
import { type Component, labelComponents } from './components.ts';
import { formsWordRow } from './word-row.ts';
import { estimatePaper, flattenFromPaperMap, paperAtSize } from './background.ts';
import { asBuffer, binarise, greyBytes, histogram, inkRatio, otsuThreshold, type GreyImage } from './grey-image.ts';
import { estimateOrientation, type OrientationEstimate } from './orientation.ts';
import { type BorderSides, borderThickness, findPageMarks, scaleBox } from './page-marks.ts';

/**
 * Every decision about a page (borders, holes, blank, orientation, skew) is made on a small
 * copy at ~100 dpi: plenty for geometry (skew and orientation were as exact as at 150 dpi on
 * every sample and public scan), and about ten times less work than the full scan.
 */

export const ANALYSIS_DPI = 100;
/** Darker than this in the raw scan is scanner backing (borders, holes), not ink on paper. */
const BACKING_LEVEL = 80;
/** Ink must be at least this much darker than flattened paper (255) to count. */
const FAINTEST_INK = 200;
const MIN_TEXT_COMPONENTS = 10;

export interface PageAnalysis {
  /** Scale from full resolution to analysis resolution. */
  scale: number;
  analysisDpi: number;
  /** Analysis-resolution mask (1 = scanner border) and its size. */
  borderMask?: { data: Uint8Array; width: number; height: number };
  /** How deep the border reaches in from each side, in analysis pixels. */
  borderSides: BorderSides;
  /** Punch holes in full-resolution pixels. */
  punchHoles: BBox[];
  blank: boolean;
  inkRatio: number;
  orientation?: OrientationEstimate;
  /** Paper brightness at analysis resolution (after marks were painted out), to flatten the full page. */
  paper: GreyImage;
  /** The flattened analysis image, for a second opinion on orientation when needed. */
  flattened: GreyImage;
  /** Grey-level histogram of the flattened page, to set the contrast stretch without a full-size pass. */
  flattenedHistogram: Uint32Array;
}

export async function analysePage(grey: Uint8Array, width: number, height: number, dpi: number): Promise<PageAnalysis> {
  const scale = Math.min(1, ANALYSIS_DPI / dpi);
  const analysisDpi = dpi * scale;
  const small = await downscale(grey, width, height, scale);

  const backing = labelComponents(binarise(small, BACKING_LEVEL));
  const marks = findPageMarks(backing.components, small.width, small.height, analysisDpi);
  const borderMask = marks.borderLabels.size > 0 ? maskOf(backing.labels, marks.borderLabels) : undefined;
  if (marks.borderLabels.size > 0 || marks.punchHoles.length > 0) {
    const marked = new Uint8Array(backing.components.length + 1);
    for (const label of marks.borderLabels) marked[label] = 1;
    for (const hole of marks.punchHoles) marked[hole.label] = 1;
    for (let i = 0; i < small.data.length; i++) if (marked[backing.labels[i]] === 1) small.data[i] = 255;
  }

  // Cells of ~4 mm: larger than any stroke, small enough to follow a shadow across the page.
  const grid = estimatePaper(small, Math.round(analysisDpi / 6));
  const paper = { width: small.width, height: small.height, data: await paperAtSize(grid, small.width, small.height) };
  flattenFromPaperMap(small.data, small.width, small.height, paper);
  const flattenedHistogram = histogram(small);
  const ink = binarise(small, Math.min(otsuThreshold(flattenedHistogram), FAINTEST_INK));
  const letters = textLikeComponents(ink, analysisDpi);
  // A page with only "PTO", "Page 3 of 3" or a signed line is not blank: its few marks stand in a row.
  const blank = letters.length < MIN_TEXT_COMPONENTS && !formsWordRow(letters, analysisDpi);
  return {
    scale,
    analysisDpi,
    borderMask: borderMask && { data: borderMask, width: small.width, height: small.height },
    borderSides: borderMask ? borderThickness(borderMask, small.width, small.height) : { top: 0, right: 0, bottom: 0, left: 0 },
    punchHoles: marks.punchHoles.map((hole) => scaleBox(hole, 1 / scale, Math.ceil(2 / scale))),
    blank,
    inkRatio: inkRatio(ink),
    orientation: blank ? undefined : estimateOrientation(ink, analysisDpi),
    paper,
    flattened: small,
    flattenedHistogram,
  };
}

async function downscale(grey: Uint8Array, width: number, height: number, scale: number): Promise<GreyImage> {
  const targetWidth = Math.max(1, Math.round(width * scale));
  const targetHeight = Math.max(1, Math.round(height * scale));
  const image = sharp(asBuffer(grey), { raw: { width, height, channels: 1 } }).resize(targetWidth, targetHeight, {
    fit: 'fill',
    kernel: 'linear',
  });
  return { width: targetWidth, height: targetHeight, data: await greyBytes(image) };
}

function maskOf(labels: Int32Array, wanted: Set<number>): Uint8Array {
  const mask = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0 && wanted.has(labels[i])) mask[i] = 1;
  return mask;
}

/** Letters are 1–12 mm tall and not huge; specks, streaks and rules are not letters. */
function textLikeComponents(ink: ReturnType<typeof binarise>, dpi: number): Component[] {
  const mm = (value: number): number => (value * dpi) / 25.4;
  return labelComponents(ink).components.filter((component) => {
    const boxHeight = component.y1 - component.y0;
    const boxWidth = component.x1 - component.x0;
    if (boxHeight < mm(1) || boxHeight > mm(12) || boxWidth > mm(40)) return false;
    if (component.area < mm(0.4) * mm(0.4)) return false;
    return boxWidth <= boxHeight * 8; // not a streak or a ruled line
  });
}
