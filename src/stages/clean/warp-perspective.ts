import type { GreyImage } from './grey-image.ts';
import type { Homography } from './homography.ts';

/**
 * Projective warp by inverse mapping: each output pixel asks the homography where it came from
 * in the source and reads it there with bilinear interpolation. sharp (libvips) has affine
 * transforms only, so this runs in plain TS over typed arrays (~0.1 s for an A4 page at 300 dpi).
 * `outputToSource` maps output pixel centres to source coordinates; points outside the source read `fill`.
 */
export function warpPerspective(
  source: GreyImage,
  outputToSource: Homography,
  width: number,
  height: number,
  fill = 255,
): GreyImage {
  const out = new Uint8Array(width * height);
  const { data, width: sw, height: sh } = source;
  const [h0, h1, h2, h3, h4, h5, h6, h7] = outputToSource;
  for (let y = 0; y < height; y++) {
    // Pixel centres: output (x + 0.5, y + 0.5) maps to a source point whose pixel grid is offset by 0.5 too.
    const cy = y + 0.5;
    let numX = h1 * cy + h2 + h0 * 0.5;
    let numY = h4 * cy + h5 + h3 * 0.5;
    let den = h7 * cy + 1 + h6 * 0.5;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const sx = numX / den - 0.5;
      const sy = numY / den - 0.5;
      numX += h0;
      numY += h3;
      den += h6;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= sw - 1 || y0 >= sh - 1) {
        out[row + x] = fill;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * sw + x0;
      const top = data[i] + (data[i + 1] - data[i]) * fx;
      const bottom = data[i + sw] + (data[i + sw + 1] - data[i + sw]) * fx;
      out[row + x] = (top + (bottom - top) * fy + 0.5) | 0;
    }
  }
  return { width, height, data: out };
}
