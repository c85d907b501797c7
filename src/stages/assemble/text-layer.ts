import {
  beginText,
  endText,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
} from 'pdf-lib';
import type { OcrResult } from '../../core/types.ts';

/**
 * The invisible text layer: each OCR word drawn in render mode 3 (neither filled nor stroked)
 * exactly over its box on the page image, so a viewer's search and selection highlight the
 * word the reader sees. Height comes from the word's line (so a line reads as one run of
 * text), width is fitted by horizontal scaling (Tz).
 */
export function drawTextLayer(page: PDFPage, ocr: OcrResult, font: PDFFont, pointsPerPixel: number): void {
  const pageHeight = page.getHeight();
  const fontKey = page.node.newFontDictionary(font.name, font.ref);
  const ascent = font.heightAtSize(1, { descender: false });
  const fullHeight = font.heightAtSize(1, { descender: true });
  const descent = fullHeight - ascent;
  const operators = [pushGraphicsState(), beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
  for (const line of ocr.lines) {
    const lineHeight = (line.bbox.y1 - line.bbox.y0) * pointsPerPixel;
    if (lineHeight <= 0) continue;
    const fontSize = lineHeight / fullHeight;
    // Put the font's descender at the bottom of the line box, so its ascender reaches the top.
    const baseline = pageHeight - line.bbox.y1 * pointsPerPixel + descent * fontSize;
    line.wordIndexes.forEach((index, position) => {
      const word = ocr.words[index];
      const text = printable(word.text, font);
      if (text === '') return;
      const naturalWidth = font.widthOfTextAtSize(text, fontSize);
      const boxWidth = (word.bbox.x1 - word.bbox.x0) * pointsPerPixel;
      if (naturalWidth <= 0 || boxWidth <= 0) return;
      // A real space after each word but the last, so viewers and extractors never run two
      // close words together; it falls in the gap after the word's box.
      const spaced = position < line.wordIndexes.length - 1 ? `${text} ` : text;
      operators.push(
        setFontAndSize(fontKey, fontSize),
        setCharacterSqueeze((100 * boxWidth) / naturalWidth),
        setTextMatrix(1, 0, 0, 1, word.bbox.x0 * pointsPerPixel, baseline),
        showText(font.encodeText(spaced)),
      );
    });
  }
  operators.push(endText(), popGraphicsState());
  page.pushOperators(...operators);
}

const characterSets = new WeakMap<PDFFont, Set<number>>();

/** Drops characters the font has no glyph for, rather than writing .notdef boxes into the text. */
function printable(text: string, font: PDFFont): string {
  let supported = characterSets.get(font);
  if (!supported) {
    supported = new Set(font.getCharacterSet());
    characterSets.set(font, supported);
  }
  let result = '';
  for (const character of text) {
    if (supported.has(character.codePointAt(0) ?? -1)) result += character;
  }
  return result;
}
