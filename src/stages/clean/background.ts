import sharp from 'sharp';
import { type GreyImage, greyBytes } from './grey-image.ts';

/**
 * Uneven lighting (a curled page, a faded photocopy, a shadow at the spine) defeats one global
 * threshold. We estimate the paper's brightness everywhere and divide it out, so the paper
 * becomes uniformly white and ink keeps its contrast — what OCR-NOTES found a fixed
 * threshold could not do on low-contrast pages.
 */

/** Paper brightness on a coarse grid: the brightest pixel of each cell, smoothed over neighbours. */
export function estimatePaper(image: GreyImage, cellSize: number): GreyImage {
  const gridWidth = Math.ceil(image.width / cellSize);
  const gridHeight = Math.ceil(image.height / cellSize);
  const cellMax = new Uint8Array(gridWidth * gridHeight);
  for (let y = 0; y < image.height; y++) {
    const gridRow = Math.floor(y / cellSize) * gridWidth;
    const row = y * image.width;
    for (let x = 0; x < image.width; x++) {
      const cell = gridRow + Math.floor(x / cellSize);
      const value = image.data[row + x];
      if (value > cellMax[cell]) cellMax[cell] = value;
    }
  }
  // A cell wholly inside a big dark area (a heading bar, a photo) has no paper: borrow its neighbours'.
  const spread = new Uint8Array(cellMax.length);
  for (let gy = 0; gy < gridHeight; gy++) {
    for (let gx = 0; gx < gridWidth; gx++) {
      let brightest = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = gx + dx;
          const ny = gy + dy;
          if (nx < 0 || ny < 0 || nx >= gridWidth || ny >= gridHeight) continue;
          brightest = Math.max(brightest, cellMax[ny * gridWidth + nx]);
        }
      }
      spread[gy * gridWidth + gx] = brightest;
    }
  }
  return { width: gridWidth, height: gridHeight, data: spread };
}

/** Enlarges the paper grid to the page's size with smooth interpolation. */
export function paperAtSize(paper: GreyImage, width: number, height: number): Promise<Uint8Array> {
  return greyBytes(
    sharp(Buffer.from(paper.data), { raw: { width: paper.width, height: paper.height, channels: 1 } })
      .blur(1)
      .resize(width, height, { fit: 'fill', kernel: 'linear' }),
  );
}

/**
 * Divides each pixel by its paper brightness, in place: paper → 255, ink keeps its relative
 * darkness; an optional tone table (the contrast stretch) is applied in the same pass. The
 * paper map may be smaller than the page (measured at analysis resolution): it is smooth
 * (interpolated from ~4 mm cells), so reading it nearest-neighbour costs nothing visible and
 * saves enlarging it to the full page.
 */
export function flattenFromPaperMap(pixels: Uint8Array, width: number, height: number, paper: GreyImage, table?: Uint8Array): void {
  const scaleX = paper.width / width;
  const scaleY = paper.height / height;
  const columns = new Int32Array(width);
  for (let x = 0; x < width; x++) columns[x] = Math.min(paper.width - 1, Math.floor(x * scaleX));
  for (let y = 0; y < height; y++) {
    const paperRow = Math.min(paper.height - 1, Math.floor(y * scaleY)) * paper.width;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const background = paper.data[paperRow + columns[x]];
      const value = (pixels[row + x] * 255) / (background < 32 ? 32 : background);
      const flat = value > 255 ? 255 : value | 0;
      pixels[row + x] = table ? table[flat] : flat;
    }
  }
}

export interface ContrastStretch {
  low: number;
  high: number;
  table: Uint8Array;
}

/**
 * After flattening, faded ink may sit at 180 on 255 paper. Stretch so the darkest ink is black.
 * The black point comes from the darker pixels only, so a page that is mostly paper still works.
 */
export function contrastStretch(counts: Uint32Array): ContrastStretch | undefined {
  const high = 250;
  let dark = 0;
  for (let level = 0; level < 230; level++) dark += counts[level];
  if (dark === 0) return undefined;
  let low = 0;
  let seen = 0;
  for (let level = 0; level < 230; level++) {
    seen += counts[level];
    if (seen >= dark * 0.05) {
      low = level;
      break;
    }
  }
  if (low < 16) return undefined; // Ink is already black: leave the page alone.
  const table = new Uint8Array(256);
  for (let level = 0; level < 256; level++) {
    const stretched = ((level - low) * 255) / (high - low);
    table[level] = stretched < 0 ? 0 : stretched > 255 ? 255 : Math.round(stretched);
  }
  return { low, high, table };
}

