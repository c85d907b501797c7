import type { BBox } from '../../core/types.ts';
import type { Component } from './components.ts';

/**
 * Finds what the scanner added to the paper: dark borders (an open lid, a page smaller than the
 * glass) and punch holes (black discs near an edge, where the scanner's backing shows through).
 * Works on components of very dark pixels in the analysis image.
 */

export interface PageMarks {
  borderLabels: Set<number>;
  punchHoles: Component[];
  /** Thickness in analysis pixels of the border found along each side. */
  borderSides: { top: number; right: number; bottom: number; left: number };
}

const MM_PER_INCH = 25.4;

export function findPageMarks(components: Component[], width: number, height: number, dpi: number): PageMarks {
  const mm = (value: number): number => (value * dpi) / MM_PER_INCH;
  const borderLabels = new Set<number>();
  const borderSides = { top: 0, right: 0, bottom: 0, left: 0 };
  const punchHoles: Component[] = [];
  for (const component of components) {
    const boxWidth = component.x1 - component.x0;
    const boxHeight = component.y1 - component.y0;
    // A border runs along an edge for a good stretch; a letter or a ruled line touching the edge does not.
    const longAlongEdge = boxWidth > width * 0.25 || boxHeight > height * 0.25;
    if (component.touchesEdge && longAlongEdge && component.area > mm(2) * mm(20)) {
      borderLabels.add(component.label);
      if (component.y0 === 0 && boxWidth > width * 0.25) borderSides.top = Math.max(borderSides.top, boxHeight);
      if (component.y1 === height && boxWidth > width * 0.25) borderSides.bottom = Math.max(borderSides.bottom, boxHeight);
      if (component.x0 === 0 && boxHeight > height * 0.25) borderSides.left = Math.max(borderSides.left, boxWidth);
      if (component.x1 === width && boxHeight > height * 0.25) borderSides.right = Math.max(borderSides.right, boxWidth);
      continue;
    }
    if (isPunchHole(component, width, height, mm)) punchHoles.push(component);
  }
  return { borderLabels, punchHoles, borderSides };
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
