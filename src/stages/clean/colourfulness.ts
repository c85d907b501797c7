/**
 * A colour scan of black-on-white paper is still grey, and storing it as grey halves the PDF.
 * Keep colour only where the page has some: a stamp, a highlighter mark, a coloured chart.
 */
export function hasColour(pixels: Uint8Array, channels: number): boolean {
  const pixelCount = pixels.length / channels;
  const step = Math.max(1, Math.floor(pixelCount / 200_000));
  let sampled = 0;
  let colourful = 0;
  for (let pixel = 0; pixel < pixelCount; pixel += step) {
    const i = pixel * channels;
    const spread = Math.max(pixels[i], pixels[i + 1], pixels[i + 2]) - Math.min(pixels[i], pixels[i + 1], pixels[i + 2]);
    sampled++;
    if (spread > 48) colourful++;
  }
  return colourful / sampled > 0.001;
}
