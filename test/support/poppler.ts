import { execFileSync } from 'node:child_process';

export interface PdfWordBox {
  text: string;
  /** In PDF points from the page's top-left, as pdftotext -bbox reports. */
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  page: number;
}

export function pdfToText(pdfPath: string): string {
  return execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
}

/** Every word of the text layer with its box, read by poppler as a PDF viewer would. */
export function pdfWordBoxes(pdfPath: string): PdfWordBox[] {
  // -raw keeps content-stream order, which is the order Recto wrote the words in.
  const html = execFileSync('pdftotext', ['-bbox', '-raw', pdfPath, '-'], { encoding: 'utf8', maxBuffer: 64e6 });
  const boxes: PdfWordBox[] = [];
  let page = -1;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const match = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (!match) continue;
    boxes.push({
      xMin: Number(match[1]),
      yMin: Number(match[2]),
      xMax: Number(match[3]),
      yMax: Number(match[4]),
      text: decodeEntities(match[5]),
      page,
    });
  }
  return boxes;
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
