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

/** The brightest value in a (2 radius + 1)² window, row pass then column pass. */
function maxFilter(data: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const rows = new Uint8Array(data.length);
  const line = new Uint8Array(Math.max(width, height));
  const result = new Uint8Array(line.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) line[x] = data[y * width + x];
    windowMax(line, width, radius, result);
    for (let x = 0; x < width; x++) rows[y * width + x] = result[x];
  }
  const out = new Uint8Array(data.length);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) line[y] = rows[y * width + x];
    windowMax(line, height, radius, result);
    for (let y = 0; y < height; y++) out[y * width + x] = result[y];
  }
  return out;
}

/** The darkest value in the window: the brightest of the negative. */
function minFilter(data: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const negative = data.map((v) => 255 - v);
  return maxFilter(negative, width, height, radius).map((v) => 255 - v);
}

/**
 * van Herk / Gil-Werman running maximum over [i - radius, i + radius]: three comparisons per
 * value whatever the window, by cutting the line into window-long blocks with a running
 * maximum from each block's start (ahead) and from its end (behind). Exact wherever the whole
 * window fits in the line; within `radius` of either end it may reach up to `radius` further,
 * which on a page's margin paper makes no difference.
 */
function windowMax(line: Uint8Array, length: number, radius: number, out: Uint8Array): void {
  const size = 2 * radius + 1;
  const ahead = new Uint8Array(length);
  const behind = new Uint8Array(length);
  for (let i = 0; i < length; i++) ahead[i] = i % size === 0 ? line[i] : Math.max(ahead[i - 1], line[i]);
  for (let i = length - 1; i >= 0; i--) behind[i] = i === length - 1 || (i + 1) % size === 0 ? line[i] : Math.max(behind[i + 1], line[i]);
  for (let i = 0; i < length; i++) {
    const from = Math.max(0, i - radius);
    const to = Math.min(length - 1, i + radius);
    out[i] = Math.max(behind[from], ahead[to]);
  }
}
