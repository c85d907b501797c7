import sharp from 'sharp';
import { asBuffer, greyBytes, type GreyImage } from './grey-image.ts';

/**
 * Paper brightness under a photo's light and shadow, by a grey-level closing (the brightest
 * value within `radius`, then the darkest of those): print thinner than the window disappears,
 * while a shadow's edge stays where it is. The scan path's paper map (background.ts) takes
 * the brightest of whole 4 mm cells and their neighbours, which is right for the gentle
 * unevenness of a scanner lamp but carries the lit side ~8 mm into a photo's shadow band, so
 * print there stayed dark grey on grey. Made on a ~100 dpi copy: the map is smooth.
 */
export async function paperByClosing(page: GreyImage, dpi: number): Promise<GreyImage> {
  const scale = Math.min(1, 100 / dpi);
  const width = Math.max(1, Math.round(page.width * scale));
  const height = Math.max(1, Math.round(page.height * scale));
  const small = await greyBytes(sharp(asBuffer(page.data), { raw: { width: page.width, height: page.height, channels: 1 } }).resize(width, height, { fit: 'fill' }));
  // 2.5 mm: wider than any stroke of body text or a bold heading, narrower than a shadow's soft edge.
  const radius = Math.max(1, Math.round((2.5 / 25.4) * dpi * scale));
  const closed = minFilter(maxFilter(small, width, height, radius), width, height, radius);
  const smooth = await greyBytes(sharp(asBuffer(closed), { raw: { width, height, channels: 1 } }).blur(1));
  return { width, height, data: smooth };
}

const maxFilter = (data: Uint8Array, width: number, height: number, radius: number): Uint8Array =>
  separable(data, width, height, radius, (a, b) => (a > b ? a : b));
const minFilter = (data: Uint8Array, width: number, height: number, radius: number): Uint8Array =>
  separable(data, width, height, radius, (a, b) => (a < b ? a : b));

/** A square window filter as a row pass then a column pass (O(radius) per pixel; the copy is small). */
function separable(data: Uint8Array, width: number, height: number, radius: number, pick: (a: number, b: number) => number): Uint8Array {
  const rows = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let value = data[row + x];
      for (let k = Math.max(0, x - radius); k <= Math.min(width - 1, x + radius); k++) value = pick(value, data[row + k]);
      rows[row + x] = value;
    }
  }
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let value = rows[y * width + x];
      for (let k = Math.max(0, y - radius); k <= Math.min(height - 1, y + radius); k++) value = pick(value, rows[k * width + x]);
      out[y * width + x] = value;
    }
  }
  return out;
}
