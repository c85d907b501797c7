import type { BBox } from '../../core/types.ts';

/** Paints boxes white in an interleaved 8-bit image (any channel count). */
export function paintBoxesWhite(pixels: Uint8Array, width: number, height: number, channels: number, boxes: BBox[]): void {
  for (const box of boxes) {
    const y1 = Math.min(height, box.y1);
    const x1 = Math.min(width, box.x1);
    for (let y = Math.max(0, box.y0); y < y1; y++) {
      pixels.fill(255, (y * width + Math.max(0, box.x0)) * channels, (y * width + x1) * channels);
    }
  }
}

/**
 * Paints white every full-resolution pixel whose analysis-resolution pixel (or a neighbour of
 * it, to catch the soft edge) is marked. The mark was found at low resolution; the paint must
 * cover it at full resolution.
 */
export function paintMaskWhite(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
  mask: Uint8Array,
  maskWidth: number,
  maskHeight: number,
): void {
  const scaleX = maskWidth / width;
  const scaleY = maskHeight / height;
  const grown = growMask(mask, maskWidth, maskHeight);
  for (let y = 0; y < height; y++) {
    const maskRow = Math.min(maskHeight - 1, Math.floor(y * scaleY)) * maskWidth;
    for (let x = 0; x < width; x++) {
      if (grown[maskRow + Math.min(maskWidth - 1, Math.floor(x * scaleX))] === 0) continue;
      const index = (y * width + x) * channels;
      pixels.fill(255, index, index + channels);
    }
  }
}

function growMask(mask: Uint8Array, width: number, height: number): Uint8Array {
  const grown = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x] === 0) continue;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx >= 0 && ny >= 0 && nx < width && ny < height) grown[ny * width + nx] = 1;
        }
      }
    }
  }
  return grown;
}
