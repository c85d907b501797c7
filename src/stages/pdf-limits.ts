import { PDFDict, type PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { assertPageCount, assertPixelCount } from './page-limits.ts';

/**
 * The page cap and pixel limit, read from a parsed PDF's structure (no pixels decoded). The page
 * tree's own /Count is checked before the tree is walked, then the walked count (a /Count can
 * lie either way); then every image a page paints directly. Images inside forms or inline are
 * left to pdf.js's maxImageSize when the page is rendered. Returns the page count.
 */
export function assertPdfWithinLimits(document: PDFDocument, fileName: string, limits: { maxPages: number; maxPixels: number }): number {
  const declared = numberAt(document.catalog.Pages(), 'Count');
  if (declared !== undefined) assertPageCount(declared, limits.maxPages, fileName);
  const count = document.getPageCount();
  assertPageCount(count, limits.maxPages, fileName);
  for (let index = 0; index < count; index++) {
    for (const image of imagesOfPage(document, index)) {
      assertPixelCount(numberAt(image.dict, 'Width') ?? 0, numberAt(image.dict, 'Height') ?? 0, limits.maxPixels, fileName, `the image on page ${index + 1}`);
    }
  }
  return count;
}

/** The image XObjects a page names directly; none for a page too malformed to say. */
function imagesOfPage(document: PDFDocument, index: number): PDFRawStream[] {
  try {
    const xObjects = document.getPage(index).node.Resources()?.lookup(PDFName.of('XObject'));
    if (!(xObjects instanceof PDFDict)) return [];
    return xObjects
      .keys()
      .map((name) => xObjects.lookup(name))
      .filter((object): object is PDFRawStream => object instanceof PDFRawStream && object.dict.lookup(PDFName.of('Subtype'))?.toString() === '/Image');
  } catch {
    return [];
  }
}

function numberAt(dict: PDFDict, key: string): number | undefined {
  try {
    const value = dict.lookup(PDFName.of(key));
    return value instanceof PDFNumber ? value.asNumber() : undefined;
  } catch {
    return undefined;
  }
}
