import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import type { CleanedPage, OcrResult } from '../../core/types.ts';
import { makeArchival } from './pdfa-metadata.ts';
import { drawTextLayer } from './text-layer.ts';

/**
 * The assemble stage: one searchable PDF/A-2b per document. Each page is the cleaned scan with
 * an invisible, word-aligned text layer on top. Blank pages dropped by the caller never get here.
 */

export interface AssembledPage {
  page: CleanedPage;
  ocr: OcrResult;
}

export interface AssembleOptions {
  title: string;
  created: Date;
  documentId: string;
  producer: string;
}

const require = createRequire(import.meta.url);
let fontBytes: Promise<Buffer> | undefined;
/** DejaVu Sans (free licence, wide Unicode coverage) from npm, embedded as PDF/A requires. */
const textFont = (): Promise<Buffer> =>
  (fontBytes ??= readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')));

export async function assemblePdf(pages: AssembledPage[], options: AssembleOptions): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(await textFont(), { subset: true });
  for (const { page, ocr } of pages) {
    const pointsPerPixel = 72 / page.dpi;
    const pdfPage = pdf.addPage([page.width * pointsPerPixel, page.height * pointsPerPixel]);
    await drawPageImage(pdf, pdfPage, page);
    drawTextLayer(pdfPage, ocr, font, pointsPerPixel);
  }
  await makeArchival(pdf, {
    title: options.title,
    created: options.created,
    producer: options.producer,
    creatorTool: options.producer,
    documentId: options.documentId,
  });
  return pdf.save({ useObjectStreams: true });
}

async function drawPageImage(pdf: PDFDocument, pdfPage: PDFPage, page: CleanedPage): Promise<void> {
  const width = pdfPage.getWidth();
  const height = pdfPage.getHeight();
  if (page.displayFormat === 'jpeg') {
    // JPEG goes in as-is (DCTDecode): no decode, no re-encode, no loss.
    const image = await pdf.embedJpg(page.displayImage);
    pdfPage.drawImage(image, { x: 0, y: 0, width, height });
    return;
  }
  // Bilevel pages: 1 bit per pixel, deflated. A fax page stays tens of kilobytes.
  const stream = pdf.context.flateStream(page.displayImage, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: page.width,
    Height: page.height,
    ColorSpace: 'DeviceGray',
    BitsPerComponent: 1,
  });
  const name = pdfPage.node.newXObject('Scan', pdf.context.register(stream));
  pdfPage.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(width, 0, 0, height, 0, 0),
    drawObject(name),
    popGraphicsState(),
  );
}
