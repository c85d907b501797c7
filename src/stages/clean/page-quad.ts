import sharp from 'sharp';
import { labelComponents } from './components.ts';
import { asBuffer, greyBytes, type GreyImage } from './grey-image.ts';
import type { Point } from './homography.ts';

/**
 * Finds the sheet in a photo of a page: a bright quadrilateral with straight edges, surrounded
 * by darker background (a desk) on at least three sides. Scans are left alone: their paper
 * fills the image (or meets a scanner border whose edge is ragged, not straight), so no side
 * shows a wide enough strip of background. Everything is measured on a ~640 px copy; edges
 * are located to a fraction of a pixel there, so corners land within a few full-size pixels.
 */

/** Long side of the copy the sheet is looked for on. */
const ANALYSIS_SIDE = 640;
/** Background must show this deep (share of the image) on at least three sides. */
const MIN_MARGIN = 0.03;
/** The sheet must be this much brighter than what surrounds it (grey levels, medians). */
const MIN_CONTRAST = 40;
/** A paper edge is straight: RMS distance of its points from the fitted line, analysis pixels. */
const MAX_EDGE_RESIDUAL = 1.2;

export interface PageQuad {
  /** Top-left, top-right, bottom-right, bottom-left, in full-size pixel coordinates (pixel edges at integers). */
  corners: [Point, Point, Point, Point];
}

interface Line {
  /** along = slope * across + offset, where `across` is y for left/right sides, x for top/bottom. */
  slope: number;
  offset: number;
  residual: number;
}

export async function findPageQuad(grey: Uint8Array, width: number, height: number): Promise<PageQuad | undefined> {
  const scale = Math.min(1, ANALYSIS_SIDE / Math.max(width, height));
  const small = await analysisCopy(grey, width, height, scale);
  const sheetMask = notBackground(small);
  const { labels, components } = labelComponents({ width: small.width, height: small.height, data: sheetMask });
  if (components.length === 0) return undefined;
  const sheet = components.reduce((best, c) => (c.area > best.area ? c : best));
  const share = sheet.area / small.data.length;
  if (share < 0.1 || share > 0.92) return undefined;
  if (!contrastEnough(small, labels, sheet.label)) return undefined;

  const edges = sheetEdges(small, labels, sheet.label);
  const margins = [edges.left.minAlong, edges.top.minAlong, small.width - edges.right.maxAlong, small.height - edges.bottom.maxAlong];
  const sideLengths = [small.width, small.height, small.width, small.height];
  const withBackground = margins.filter((margin, i) => margin >= MIN_MARGIN * sideLengths[i]).length;
  if (withBackground < 3) return undefined;

  const lines = [edges.top, edges.right, edges.bottom, edges.left].map((side) => fitLine(side.points));
  if (lines.some((line) => !line || line.residual > MAX_EDGE_RESIDUAL)) return undefined;
  const [top, right, bottom, left] = lines as Line[];
  const corners = [cross(left, top), cross(right, top), cross(right, bottom), cross(left, bottom)];
  if (!isPlausibleQuad(corners, small.width, small.height)) return undefined;
  const [toFullX, toFullY] = [width / small.width, height / small.height];
  return { corners: corners.map((p) => ({ x: p.x * toFullX, y: p.y * toFullY })) as PageQuad['corners'] };
}

/** Steps in log brightness steeper than this (per analysis pixel) are edges; a paper edge on a desk is ~0.3, a shadow's soft edge ~0.02. */
const EDGE_GRADIENT = 0.1;

/**
 * 1 where the pixel is not background. Background is what can be reached from the image's
 * border without crossing an edge, an edge being a steep step in log brightness: light
 * falling off or a soft shadow multiplies paper and desk alike, so it adds no such step,
 * while the paper's boundary on a darker desk is one all the way round. (A global threshold
 * fails here: paper in shadow can be as dark as desk in the light.)
 */
function notBackground(small: GreyImage): Uint8Array {
  const { width, height, data } = small;
  const log = new Float32Array(256);
  for (let v = 0; v < 256; v++) log[v] = Math.log(v + 4);
  const edge = new Uint8Array(width * height);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const gx = log[data[i + 1]] - log[data[i - 1]];
      const gy = log[data[i + width]] - log[data[i - width]];
      // Central differences span two pixels.
      if (Math.hypot(gx, gy) / 2 > EDGE_GRADIENT) edge[i] = 1;
    }
  }
  const background = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  let top = 0;
  const push = (i: number): void => {
    if (background[i] === 0 && edge[i] === 0) {
      background[i] = 1;
      stack[top++] = i;
    }
  };
  for (let x = 0; x < width; x++) {
    push(x);
    push((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    push(y * width);
    push(y * width + width - 1);
  }
  while (top > 0) {
    const i = stack[--top];
    const x = i % width;
    if (x > 0) push(i - 1);
    if (x < width - 1) push(i + 1);
    if (i >= width) push(i - width);
    if (i < width * (height - 1)) push(i + width);
  }
  const sheet = new Uint8Array(width * height);
  for (let i = 0; i < sheet.length; i++) sheet[i] = background[i] ^ 1;
  return sheet;
}

async function analysisCopy(grey: Uint8Array, width: number, height: number, scale: number): Promise<GreyImage> {
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  // A slight blur melts the print into the paper, so the sheet is one solid bright region.
  const image = sharp(asBuffer(grey), { raw: { width, height, channels: 1 } }).resize(w, h, { fit: 'fill' }).blur(1);
  return { width: w, height: h, data: await greyBytes(image) };
}

function contrastEnough(small: GreyImage, labels: Int32Array, sheetLabel: number): boolean {
  const inside = new Uint32Array(256);
  const outside = new Uint32Array(256);
  for (let i = 0; i < small.data.length; i++) (labels[i] === sheetLabel ? inside : outside)[small.data[i]]++;
  return median(inside) - median(outside) >= MIN_CONTRAST;
}

function median(counts: Uint32Array): number {
  let total = 0;
  for (const count of counts) total += count;
  let seen = 0;
  for (let level = 0; level < 256; level++) {
    seen += counts[level];
    if (seen * 2 >= total) return level;
  }
  return 255;
}

interface SideSamples {
  /** (across, along) pairs: for left/right, across = row centre and along = the edge's x. */
  points: Array<[number, number]>;
  minAlong: number;
  maxAlong: number;
}

/**
 * The sheet's outermost pixel on every row (left, right sides) and column (top, bottom), placed
 * to a fraction of a pixel where the grey level crosses the threshold. Only the middle 80 % of
 * each side is kept, away from the corners, where rows would meet the neighbouring side.
 */
function sheetEdges(small: GreyImage, labels: Int32Array, label: number) {
  const { width, height, data } = small;
  const first = (count: number, at: (k: number) => number): number => {
    for (let k = 0; k < count; k++) if (labels[at(k)] === label) return k;
    return -1;
  };
  const last = (count: number, at: (k: number) => number): number => {
    for (let k = count - 1; k >= 0; k--) if (labels[at(k)] === label) return k;
    return -1;
  };
  // The edge sits where the level crosses halfway from the background a few pixels out to the
  // paper a few pixels in: a threshold local to this spot, whatever the light is doing here.
  const locate = (k0: number, step: number, count: number, at: (k: number) => number): number => {
    const outer = Math.max(0, Math.min(count - 1, k0 - 3 * step));
    const inner = Math.max(0, Math.min(count - 1, k0 + 4 * step));
    const vOut = data[at(outer)];
    const vIn = data[at(inner)];
    const edgeOf = (k: number): number => (step > 0 ? k : k + 1); // the pixel boundary on the outer side of k
    if (vIn - vOut < 20) return edgeOf(k0);
    const middle = (vIn + vOut) / 2;
    for (let k = outer; k !== inner; k += step) {
      const here = data[at(k)];
      const next = data[at(k + step)];
      if (here <= middle && next > middle) return k + 0.5 + (step * (middle - here)) / (next - here);
    }
    return edgeOf(k0);
  };
  const rough = roughCorners(small, labels, label);
  const collect = (count: number, length: number, find: (k: number) => number | undefined, span: [number, number]): SideSamples => {
    const found: Array<[number, number]> = [];
    for (let k = 0; k < count; k++) {
      const along = find(k);
      if (along !== undefined) found.push([k + 0.5, along]);
    }
    const minAlong = found.length ? Math.min(...found.map((p) => p[1])) : 0;
    const maxAlong = found.length ? Math.max(...found.map((p) => p[1])) : length;
    const [start, end] = span[0] < span[1] ? span : [span[1], span[0]];
    const trim = (end - start) * 0.1;
    return { points: found.filter((p) => p[0] >= start + trim && p[0] <= end - trim), minAlong, maxAlong };
  };
  const left = collect(height, width, (y) => {
    const x = first(width, (k) => y * width + k);
    if (x < 0) return undefined;
    return locate(x, 1, width, (k) => y * width + k);
  }, [rough.topLeft.y, rough.bottomLeft.y]);
  const right = collect(height, width, (y) => {
    const x = last(width, (k) => y * width + k);
    if (x < 0) return undefined;
    return locate(x, -1, width, (k) => y * width + k);
  }, [rough.topRight.y, rough.bottomRight.y]);
  const top = collect(width, height, (x) => {
    const y = first(height, (k) => k * width + x);
    if (y < 0) return undefined;
    return locate(y, 1, height, (k) => k * width + x);
  }, [rough.topLeft.x, rough.topRight.x]);
  const bottom = collect(width, height, (x) => {
    const y = last(height, (k) => k * width + x);
    if (y < 0) return undefined;
    return locate(y, -1, height, (k) => k * width + x);
  }, [rough.bottomLeft.x, rough.bottomRight.x]);
  return { left, right, top, bottom };
}

/**
 * The sheet's extreme pixels towards the image's four corners: near the true corners for any
 * sheet turned less than ~30°, good enough to say which rows and columns belong to which side.
 */
function roughCorners(small: GreyImage, labels: Int32Array, label: number) {
  const { width, height } = small;
  let [tl, tr, br, bl] = [Infinity, -Infinity, -Infinity, -Infinity];
  const corners = { topLeft: { x: 0, y: 0 }, topRight: { x: 0, y: 0 }, bottomRight: { x: 0, y: 0 }, bottomLeft: { x: 0, y: 0 } };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (labels[y * width + x] !== label) continue;
      if (x + y < tl) [tl, corners.topLeft] = [x + y, { x, y }];
      if (x - y > tr) [tr, corners.topRight] = [x - y, { x, y }];
      if (x + y > br) [br, corners.bottomRight] = [x + y, { x, y }];
      if (y - x > bl) [bl, corners.bottomLeft] = [y - x, { x, y }];
    }
  }
  return corners;
}

/** Least squares along = slope * across + offset, refitted once without points more than 2 px off (a torn corner, a thumb). */
function fitLine(points: Array<[number, number]>): Line | undefined {
  let kept = points;
  let line: Line | undefined;
  for (let pass = 0; pass < 2; pass++) {
    if (kept.length < 20) return undefined;
    let sa = 0;
    let sb = 0;
    let saa = 0;
    let sab = 0;
    for (const [a, b] of kept) {
      sa += a;
      sb += b;
      saa += a * a;
      sab += a * b;
    }
    const n = kept.length;
    const denominator = n * saa - sa * sa;
    if (denominator === 0) return undefined;
    const slope = (n * sab - sa * sb) / denominator;
    const offset = (sb - slope * sa) / n;
    const off = (p: [number, number]): number => Math.abs(p[1] - (slope * p[0] + offset)) / Math.hypot(1, slope);
    const residual = Math.sqrt(kept.reduce((sum, p) => sum + off(p) ** 2, 0) / n);
    line = { slope, offset, residual };
    const inliers = kept.filter((p) => off(p) <= 2);
    // Most points must lie on the line: a ragged border or a curled edge is not a paper edge.
    if (inliers.length < kept.length * 0.8) return { ...line, residual: Infinity };
    kept = inliers;
  }
  return line;
}

/** Where a top/bottom line (y = a x + b) meets a left/right line (x = c y + d). */
function cross(side: Line, topOrBottom: Line): Point {
  const y = (topOrBottom.slope * side.offset + topOrBottom.offset) / (1 - topOrBottom.slope * side.slope);
  return { x: side.slope * y + side.offset, y };
}

/** Convex, corners near the image, every angle within 30° of square. */
function isPlausibleQuad(corners: Point[], width: number, height: number): boolean {
  const slack = 0.05 * Math.max(width, height);
  if (corners.some((p) => !Number.isFinite(p.x) || p.x < -slack || p.y < -slack || p.x > width + slack || p.y > height + slack)) {
    return false;
  }
  for (let i = 0; i < 4; i++) {
    const a = corners[(i + 3) % 4];
    const b = corners[i];
    const c = corners[(i + 1) % 4];
    const u = { x: a.x - b.x, y: a.y - b.y };
    const v = { x: c.x - b.x, y: c.y - b.y };
    const cosine = (u.x * v.x + u.y * v.y) / (Math.hypot(u.x, u.y) * Math.hypot(v.x, v.y));
    if (Math.abs(cosine) > Math.sin(Math.PI / 6)) return false;
    if (u.x * v.y - u.y * v.x > 0) return false; // corners must run clockwise on screen
  }
  return true;
}
