/**
 * A projective map of the plane (a 3x3 homography with h[8] = 1): what a camera does to a flat
 * sheet. Solved from four point pairs; used to flatten a photographed page (and, in
 * samples/tools, to photograph a rendered one).
 */

export interface Point {
  x: number;
  y: number;
}

/** Row-major h0..h7 (h8 = 1): x' = (h0 x + h1 y + h2) / w, y' = (h3 x + h4 y + h5) / w, w = h6 x + h7 y + 1. */
export type Homography = Float64Array;

/** The homography taking each `from[i]` to `to[i]`; undefined if the points are degenerate (three in a line). */
export function homographyFromPoints(from: readonly Point[], to: readonly Point[]): Homography | undefined {
  // Eight equations in h0..h7, two per point pair, solved by Gaussian elimination with partial pivoting.
  const rows: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i];
    const { x: u, y: v } = to[i];
    rows.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    rows.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let column = 0; column < 8; column++) {
    let pivot = column;
    for (let row = column + 1; row < 8; row++) if (Math.abs(rows[row][column]) > Math.abs(rows[pivot][column])) pivot = row;
    if (Math.abs(rows[pivot][column]) < 1e-12) return undefined;
    [rows[column], rows[pivot]] = [rows[pivot], rows[column]];
    for (let row = 0; row < 8; row++) {
      if (row === column) continue;
      const factor = rows[row][column] / rows[column][column];
      if (factor === 0) continue;
      for (let k = column; k < 9; k++) rows[row][k] -= factor * rows[column][k];
    }
  }
  return Float64Array.from(rows.map((row, i) => row[8] / row[i]));
}

export function applyHomography(h: Homography, point: Point): Point {
  const w = h[6] * point.x + h[7] * point.y + 1;
  return { x: (h[0] * point.x + h[1] * point.y + h[2]) / w, y: (h[3] * point.x + h[4] * point.y + h[5]) / w };
}
