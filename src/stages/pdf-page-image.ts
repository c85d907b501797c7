import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
} from 'pdf-lib';

/**
 * Most scanner PDFs are one JPEG per page and nothing else. For those, the JPEG itself is the
 * scan: hand its bytes to sharp (libjpeg-turbo) instead of rendering the page with pdf.js,
 * which decodes JPEG in JavaScript and resamples it. Anything else on the page (text, vector
 * drawing, several images, masks, CMYK, CCITT) → undefined, and the page is rendered.
 */

export interface EmbeddedScan {
  jpeg: Buffer;
  dpi: number;
  /** The page's /Rotate, clockwise degrees a viewer turns it by. */
  rotate: number;
}

/** Operators a page that only paints one image may use: save/restore state, set a matrix, paint. */
const IMAGE_ONLY_OPERATORS = new Set(['q', 'Q', 'cm', 'Do', 'gs']);

/** Parses the PDF's structure (not its pixels). Throws pdf-lib's errors, e.g. EncryptedPDFError. */
export function loadForImageExtraction(data: Buffer): Promise<PDFDocument> {
  return PDFDocument.load(data, { updateMetadata: false, throwOnInvalidObject: true });
}

export function embeddedScanOfPage(document: PDFDocument, index: number): EmbeddedScan | undefined {
  try {
    const page = document.getPage(index);
    const xObjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    if (!xObjects || xObjects.keys().length !== 1) return undefined;
    const image = xObjects.lookup(xObjects.keys()[0]);
    if (!(image instanceof PDFRawStream) || !isPlainJpegImage(image.dict)) return undefined;
    if (!contentOnlyPaintsImage(page.node.Contents() as PDFRawStream | PDFArray | undefined)) return undefined;
    const width = image.dict.lookup(PDFName.of('Width'), PDFNumber).asNumber();
    const height = image.dict.lookup(PDFName.of('Height'), PDFNumber).asNumber();
    const { width: pageWidth, height: pageHeight } = page.getSize();
    // The image must fill the page, or the page would look different from the bare image.
    if (Math.abs(width / height - pageWidth / pageHeight) > 0.02) return undefined;
    return {
      jpeg: Buffer.from(image.contents),
      dpi: Math.round((width * 72) / pageWidth),
      rotate: ((page.getRotation().angle % 360) + 360) % 360,
    };
  } catch {
    return undefined;
  }
}

function isPlainJpegImage(dict: PDFDict): boolean {
  if (dict.lookup(PDFName.of('Subtype'))?.toString() !== '/Image') return false;
  const filter = dict.lookup(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray().map(String) : [String(filter)];
  if (filters.length !== 1 || filters[0] !== '/DCTDecode') return false;
  if (dict.has(PDFName.of('SMask')) || dict.has(PDFName.of('Mask')) || dict.has(PDFName.of('Decode'))) return false;
  const space = dict.lookup(PDFName.of('ColorSpace'))?.toString();
  return space === '/DeviceGray' || space === '/DeviceRGB';
}

function contentOnlyPaintsImage(contents: PDFRawStream | PDFArray | undefined): boolean {
  if (!contents) return false;
  const streams: PDFRawStream[] = [];
  if (contents instanceof PDFArray) {
    for (let i = 0; i < contents.size(); i++) streams.push(contents.lookup(i, PDFRawStream));
  } else {
    streams.push(contents);
  }
  const text = streams.map((stream) => Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')).join('\n');
  // Drop names (/Im0) and numbers; what is left are the operators.
  const operators = text.replace(/\/[^\s/[\]<>()]+/g, ' ').match(/[A-Za-z'"][A-Za-z0-9*'"]*/g) ?? [];
  return operators.every((operator) => IMAGE_ONLY_OPERATORS.has(operator));
}
