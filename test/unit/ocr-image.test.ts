import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeOcrImage, encodeOcrImage, ocrImageSharp } from '../../src/core/ocr-image.ts';
import { expectRectoError } from '../support/expect-error.ts';

const pixels = Uint8Array.from({ length: 6 * 4 }, (_, index) => (index * 11) % 256);

describe('OCR image hand-over', () => {
  it('round-trips the pixels and size through PGM', () => {
    const encoded = encodeOcrImage({ data: pixels, width: 6, height: 4 });
    expect(encoded.subarray(0, 11).toString('latin1')).toBe('P5\n6 4\n255\n');
    const decoded = decodeOcrImage(encoded);
    expect([decoded.width, decoded.height]).toEqual([6, 4]);
    expect(Buffer.from(decoded.data).equals(Buffer.from(pixels))).toBe(true);
  });

  it('opens PGM (now) and PNG (pages stored before) alike for crops and screen images', async () => {
    const pgm = encodeOcrImage({ data: pixels, width: 6, height: 4 });
    const png = await sharp(Buffer.from(pixels), { raw: { width: 6, height: 4, channels: 1 } }).png().toBuffer();
    for (const stored of [pgm, png]) {
      const { data, info } = await ocrImageSharp(stored).extract({ left: 1, top: 1, width: 3, height: 2 }).greyscale().raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, info.channels]).toEqual([3, 2, 1]);
      expect([...data]).toEqual([pixels[7], pixels[8], pixels[9], pixels[13], pixels[14], pixels[15]]);
    }
  });

  it('refuses a truncated image with a typed error', async () => {
    const encoded = encodeOcrImage({ data: pixels, width: 6, height: 4 });
    await expectRectoError(Promise.resolve().then(() => decodeOcrImage(encoded.subarray(0, encoded.length - 1))), 'INTERNAL');
  });
});
