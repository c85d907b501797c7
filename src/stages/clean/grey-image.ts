import type { Sharp } from 'sharp';

/** A single-channel 8-bit image held as plain bytes, so analysis runs in JS without re-encoding. */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A 0/1 image where 1 marks ink. */
export interface BinaryImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export function histogram(image: GreyImage): Uint32Array {
  const counts = new Uint32Array(256);
  for (let i = 0; i < image.data.length; i++) counts[image.data[i]]++;
  return counts;
}

/** Otsu's threshold: the grey level that best separates ink from paper in a flattened page. */
export function otsuThreshold(counts: Uint32Array): number {
  let total = 0;
  let sumAll = 0;
  for (let level = 0; level < 256; level++) {
    total += counts[level];
    sumAll += level * counts[level];
  }
  let weightBackground = 0;
  let sumBackground = 0;
  let bestLevel = 128;
  let bestVariance = -1;
  for (let level = 0; level < 256; level++) {
    weightBackground += counts[level];
    if (weightBackground === 0) continue;
    const weightForeground = total - weightBackground;
    if (weightForeground === 0) break;
    sumBackground += level * counts[level];
    const meanBackground = sumBackground / weightBackground;
    const meanForeground = (sumAll - sumBackground) / weightForeground;
    const variance = weightBackground * weightForeground * (meanBackground - meanForeground) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      bestLevel = level;
    }
  }
  return bestLevel;
}

export function binarise(image: GreyImage, threshold: number): BinaryImage {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = image.data[i] <= threshold ? 1 : 0;
  return { width: image.width, height: image.height, data };
}

export function inkRatio(binary: BinaryImage): number {
  let ink = 0;
  for (let i = 0; i < binary.data.length; i++) ink += binary.data[i];
  return ink / binary.data.length;
}

/** sharp misreads a Uint8Array view into a larger ArrayBuffer; hand it a Buffer over exactly these bytes. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Runs a sharp pipeline to one-band 8-bit pixels. sharp 0.35 turns one-band raw input into
 * sRGB unless told to stay grey, so every grey pipeline ends here.
 */
export async function greyBytes(image: Sharp): Promise<Uint8Array> {
  const { data } = await image.greyscale().raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
