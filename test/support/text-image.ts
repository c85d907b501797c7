import sharp from 'sharp';

/**
 * Synthetic scans: lines of black DejaVu Sans on white, rendered from SVG, as greyscale PNGs
 * that say their resolution. Distinct text gives distinct bytes, and so a distinct document
 * (the service deduplicates on the SHA-256 of the upload).
 */
export async function textImage(lines: string[], size: { width: number; height: number; fontSize: number; dpi: number }): Promise<Buffer> {
  const lineHeight = Math.round(size.fontSize * 1.8);
  const top = Math.round(size.fontSize * 2);
  const text = lines
    .map((line, index) => `<text x="${size.fontSize}" y="${top + index * lineHeight}" font-family="DejaVu Sans" font-size="${size.fontSize}">${escapeXml(line)}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}"><rect width="100%" height="100%" fill="white"/>${text}</svg>`;
  return sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).greyscale().png().withMetadata({ density: size.dpi }).toBuffer();
}

/** One line, 600 × 120 px: a fraction of a second to clean and read. */
export function oneLineScan(line: string): Promise<Buffer> {
  return textImage([line], { width: 600, height: 120, fontSize: 30, dpi: 150 });
}

/** Half a page of a letter, headed by `heading`: a second or so to read. */
export function halfPageLetter(heading: string): Promise<Buffer> {
  const lines = [
    heading,
    'Kestrel Bay Royal Infirmary, Harbour Street',
    'Patient: Ms Rowena Tillingham, NHS No: 999 012 3456',
    'Seen today in the respiratory clinic for review.',
    'Her breathing has improved since the inhaler change.',
    'Spirometry today was within the normal range.',
    'We will see her again in six months.',
  ];
  return textImage(lines, { width: 1240, height: 700, fontSize: 28, dpi: 150 });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
