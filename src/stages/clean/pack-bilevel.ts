/**
 * Packs an 8-bit grey page into 1 bit per pixel as PDF's DeviceGray with BitsPerComponent 1
 * expects: rows padded to whole bytes, most significant bit first, 1 = white. A fax page packed
 * this way and deflated stays tens of kilobytes instead of becoming a megabyte of JPEG.
 */
export function packBilevel(grey: Uint8Array, width: number, height: number, threshold = 128): Buffer {
  const rowBytes = Math.ceil(width / 8);
  const packed = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const source = y * width;
    const target = y * rowBytes;
    for (let x = 0; x < width; x++) {
      if (grey[source + x] >= threshold) packed[target + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return packed;
}
