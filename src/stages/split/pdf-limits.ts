import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFNumber, type PDFObject, PDFRawStream } from 'pdf-lib';
import { RectoError } from '../../core/errors.ts';
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
  assertPageTreeWalkable(document, fileName, limits.maxPages);
  const count = document.getPageCount();
  assertPageCount(count, limits.maxPages, fileName);
  for (let index = 0; index < count; index++) {
    for (const image of imagesOfPage(document, index)) {
      assertPixelCount(numberAt(image.dict, 'Width') ?? 0, numberAt(image.dict, 'Height') ?? 0, limits.maxPixels, fileName, `the image on page ${index + 1}`);
    }
  }
  return count;
}

/**
 * pdf-lib walks the page tree recursively with no guard, so a tree that names a node twice can
 * make it walk for ever: a cycle, or a chain of nodes each listing the next twice (2^40 pages
 * in 40 objects). Walk it first with a budget: more pages than the cap, or more nodes than a
 * real tree of that many pages has, stops the walk.
 */
function assertPageTreeWalkable(document: PDFDocument, fileName: string, maxPages: number): void {
  const nodeBudget = 2 * maxPages + 64;
  const root = document.catalog.get(PDFName.of('Pages'));
  if (!root) return;
  const stack: PDFObject[] = [root];
  let pages = 0;
  for (let visited = 0; stack.length > 0; visited++) {
    if (visited > nodeBudget) {
      throw new RectoError('TOO_MANY_PAGES', `${fileName}: the page tree has more than ${nodeBudget} nodes (or loops), more than ${maxPages} pages can need`);
    }
    const node = document.context.lookup(stack.pop());
    const kids = node instanceof PDFDict ? node.lookup(PDFName.of('Kids')) : undefined;
    if (kids instanceof PDFArray) {
      for (let index = kids.size() - 1; index >= 0; index--) stack.push(kids.get(index));
    } else if (++pages > maxPages) {
      throw new RectoError('TOO_MANY_PAGES', `${fileName}: more than ${maxPages} pages, the limit for one document`);
    }
  }
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
