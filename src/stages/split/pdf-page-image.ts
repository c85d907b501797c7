import { ccittToTiff } from './ccitt-tiff.ts';
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
 * Most scanner PDFs are one image per page and nothing else: a JPEG, or a CCITT fax image.
 * For those, the image itself is the scan: hand it to sharp (libjpeg-turbo, libtiff) instead
 * of rendering the page with pdf.js, which decodes in JavaScript, resamples, and costs ~400 MB
 * once loaded. Anything else on the page (text, vector drawing, several images, masks, CMYK,
 * JBIG2) → undefined, and the page is rendered.
 */

export interface EmbeddedScan {
  /** A JPEG as stored, or a CCITT fax stream wrapped as a TIFF: either way sharp decodes it. */
  image: Buffer;
  format: 'jpeg' | 'tiff';
  /** The higher of dpiX and dpiY. */
  dpi: number;
  /** Resolution across and down, from the image's size against the page's. */
  dpiX: number;
  dpiY: number;
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
    if (!(image instanceof PDFRawStream)) return undefined;
    const lifted = liftImage(image);
    if (!lifted) return undefined;
    if (!contentOnlyPaintsImage(page.node.Contents() as PDFRawStream | PDFArray | undefined)) return undefined;
    const width = image.dict.lookup(PDFName.of('Width'), PDFNumber).asNumber();
    const height = image.dict.lookup(PDFName.of('Height'), PDFNumber).asNumber();
    const { width: pageWidth, height: pageHeight } = page.getSize();
    const dpiX = Math.round((width * 72) / pageWidth);
    const dpiY = Math.round((height * 72) / pageHeight);
    // The image must fill the page, or the page would look different from the bare image: the
    // resolutions across and down agree, or differ as a fax's do (normal mode, 204 × 98 dpi).
    if (!squareOrFaxPixels(dpiX / dpiY)) return undefined;
    return {
      ...lifted,
      dpi: Math.max(dpiX, dpiY),
      dpiX,
      dpiY,
      rotate: ((page.getRotation().angle % 360) + 360) % 360,
    };
  } catch {
    return undefined;
  }
}

/** Square pixels, or a fax's 2:1 (204 × 98, 200 × 100), within 2 %. */
function squareOrFaxPixels(aspect: number): boolean {
  return Math.abs(aspect - 1) <= 0.02 || Math.abs(aspect / 2.04 - 1) <= 0.03;
}

function liftImage(image: PDFRawStream): Pick<EmbeddedScan, 'image' | 'format'> | undefined {
  const dict = image.dict;
  if (dict.lookup(PDFName.of('Subtype'))?.toString() !== '/Image') return undefined;
  if (dict.has(PDFName.of('SMask')) || dict.has(PDFName.of('Mask')) || dict.has(PDFName.of('ImageMask'))) return undefined;
  const filter = dict.lookup(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray().map(String) : [String(filter)];
  if (filters.length !== 1) return undefined;
  const space = dict.lookup(PDFName.of('ColorSpace'))?.toString();
  if (filters[0] === '/DCTDecode' && !dict.has(PDFName.of('Decode')) && (space === '/DeviceGray' || space === '/DeviceRGB')) {
    return { image: Buffer.from(image.contents), format: 'jpeg' };
  }
  if (filters[0] === '/CCITTFaxDecode') return liftFax(image);
  return undefined;
}

/** CCITT G3/G4 with the common parameters; unusual ones (byte-aligned rows, odd decodes) go to pdf.js. */
function liftFax(image: PDFRawStream): Pick<EmbeddedScan, 'image' | 'format'> | undefined {
  const dict = image.dict;
  const parameters = dict.lookupMaybe(PDFName.of('DecodeParms'), PDFDict);
  const number = (source: PDFDict | undefined, key: string, fallback: number): number =>
    source?.lookupMaybe(PDFName.of(key), PDFNumber)?.asNumber() ?? fallback;
  const flag = (key: string): boolean => parameters?.lookup(PDFName.of(key))?.toString() === 'true';
  const width = number(dict, 'Width', 0);
  const height = number(dict, 'Height', 0);
  const columns = number(parameters, 'Columns', 1728);
  const rows = number(parameters, 'Rows', height);
  if (columns !== width || rows !== height || flag('EncodedByteAlign')) return undefined;
  const decode = dict.lookupMaybe(PDFName.of('Decode'), PDFArray);
  const inverted = decode ? decode.asArray().map(String).join(' ') === '1 0' : false;
  if (decode && !inverted) return undefined;
  const blackIs1 = flag('BlackIs1') !== inverted;
  return { image: ccittToTiff(image.contents, { k: number(parameters, 'K', 0), columns, rows, blackIs1 }), format: 'tiff' };
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
