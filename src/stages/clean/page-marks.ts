import type { BBox } from '../../core/types.ts';
import type { Component } from './components.ts';

/**
 * Finds what the scanner added to the paper: dark borders (an open lid, a page smaller than the
 * glass) and punch holes (black discs near an edge, where the scanner's backing shows through).
 * Works on components of very dark pixels in the analysis image.
 */

export interface BorderSides {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface PageMarks {
  borderLabels: Set<number>;
  punchHoles: Component[];
}

const MM_PER_INCH = 25.4;

export function findPageMarks(components: Component[], width: number, height: number, dpi: number): PageMarks {
  const mm = (value: number): number => (value * dpi) / MM_PER_INCH;
  const borderLabels = new Set<number>();
  // Punch holes only exist on sheets of paper; a small image (a label, a cropped field) has none.
  const looksLikeSheet = width >= mm(120) && height >= mm(120);
  const punchHoles: Component[] = [];
  for (const component of components) {
    const boxWidth = component.x1 - component.x0;
    const boxHeight = component.y1 - component.y0;
    // A border runs along an edge for a good stretch; a letter or a ruled line touching the edge does not.
    const longAlongEdge = boxWidth > width * 0.25 || boxHeight > height * 0.25;
    if (component.touchesEdge && longAlongEdge && component.area > mm(2) * mm(20)) {
      borderLabels.add(component.label);
      continue;
    }
    if (looksLikeSheet && isPunchHole(component, width, height, mm)) punchHoles.push(component);
  }
  return { borderLabels, punchHoles };
}

/**
 * How deep the border reaches in from each side: the median, along that side, of the run of
 * border pixels starting at the edge. (One L-shaped border touches two sides; its bounding box
 * would claim the whole page.)
 */
export function borderThickness(mask: Uint8Array, width: number, height: number): BorderSides {
  const runFrom = (start: number, step: number, limit: number): number => {
    let run = 0;
    while (run < limit && mask[start + run * step] === 1) run++;
    return run;
  };
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const columns = Array.from({ length: width }, (_, x) => x);
  const rows = Array.from({ length: height }, (_, y) => y);
  return {
    top: median(columns.map((x) => runFrom(x, width, height))),
    bottom: median(columns.map((x) => runFrom((height - 1) * width + x, -width, height))),
    left: median(rows.map((y) => runFrom(y * width, 1, width))),
    right: median(rows.map((y) => runFrom(y * width + width - 1, -1, width))),
  };
}

/** Filing punches make 5–8 mm round holes within ~25 mm of the paper's edge. */
function isPunchHole(component: Component, width: number, height: number, mm: (value: number) => number): boolean {
  const boxWidth = component.x1 - component.x0;
  const boxHeight = component.y1 - component.y0;
  if (boxWidth < mm(4) || boxWidth > mm(10) || boxHeight < mm(4) || boxHeight > mm(10)) return false;
  const aspect = boxWidth / boxHeight;
  if (aspect < 0.75 || aspect > 1.33) return false;
  // A filled disc covers π/4 ≈ 0.79 of its box; bold letters and blots are far from that.
  const fill = component.area / (boxWidth * boxHeight);
  if (fill < 0.65 || fill > 0.9) return false;
  const nearEdge = mm(25);
  return (
    component.x0 < nearEdge || component.y0 < nearEdge || width - component.x1 < nearEdge || height - component.y1 < nearEdge
  );
}

export function scaleBox(component: Component, scale: number, pad: number): BBox {
  return {
    x0: Math.max(0, Math.floor(component.x0 * scale) - pad),
    y0: Math.max(0, Math.floor(component.y0 * scale) - pad),
    x1: Math.ceil(component.x1 * scale) + pad,
    y1: Math.ceil(component.y1 * scale) + pad,
  };
}
