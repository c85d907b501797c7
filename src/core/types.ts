/** The shapes that flow between stages. Pixel coordinates are in the cleaned page image. */

export type InputFormat = 'png' | 'jpeg' | 'tiff' | 'pdf';

/** Axis-aligned box in pixels of the cleaned page image: left, top, right (exclusive), bottom (exclusive). */
export interface BBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrWord {
  text: string;
  bbox: BBox;
  /** 0–100, as tesseract reports it. */
  confidence: number;
}

export interface OcrLine {
  text: string;
  bbox: BBox;
  confidence: number;
  /** Indexes into the page's words array, in reading order. */
  wordIndexes: number[];
}

export interface OcrResult {
  text: string;
  words: OcrWord[];
  lines: OcrLine[];
  meanConfidence: number;
  /**
   * Regions with text-like ink that OCR could not read, even on its own (src/stages/ocr/reread-regions.ts):
   * the page's text is incomplete there. Absent when nothing is missing.
   */
  textMissing?: TextMissing[];
  /** Which engine and model read the page (the OCR stage records it; blank pages are not read). */
  readBy?: ReadBy;
}

/** A region of the page that looks like text but yielded no usable words. */
export interface TextMissing {
  bbox: BBox;
}

export interface ReadBy {
  /** The engine's name: `tesseract.js` or `tesseract` (the native CLI). */
  engine: string;
  /** Engine, its version and the model, e.g. "tesseract 5.3.0 (native) eng best_int". */
  version: string;
  /** The recognition model, e.g. "eng best_int", "eng fast". */
  model: string;
}

/** One page as split from the input, decoded to raw 8-bit pixels (grey, RGB or RGBA). */
export interface RawPage {
  index: number;
  pixels: Buffer;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  /** The square resolution the page is cleaned at: the higher of dpiX and dpiY. */
  dpi: number;
  /**
   * Resolution across and down as scanned. They differ on faxes (normal mode 204 × 98 dpi): the
   * clean stage then resamples the page to square pixels at `dpi` before anything else.
   */
  dpiX: number;
  dpiY: number;
  /** True when the source page was 1 bit per pixel (fax, bilevel scan): kept bilevel in the output. */
  bilevel: boolean;
  /** The EXIF orientation tag (2–8) that was applied while decoding, if any. */
  exifOrientation?: number;
}

/**
 * The pages of one input, decoded one at a time on demand: a 300-page PDF must not sit in
 * memory as 300 decoded pages. `close` releases whatever the format's reader holds.
 */
export interface PageSource {
  count: number;
  load(index: number): Promise<RawPage>;
  close(): Promise<void>;
}

export type Correction =
  | { kind: 'exif-orientation'; degrees: number }
  | { kind: 'rescale'; fromDpi: { x: number; y: number }; toDpi: number; method: string }
  | { kind: 'smooth-dither'; ditheredShare: number; method: string }
  | { kind: 'rotate'; degrees: 90 | 180 | 270; confidence: number; method: string }
  | { kind: 'deskew'; degrees: number; method: string }
  | { kind: 'normalise-contrast'; lowLevel: number; highLevel: number }
  | { kind: 'denoise'; method: string; specklesRemoved?: number }
  | { kind: 'remove-border'; sides: { top: number; right: number; bottom: number; left: number } }
  | { kind: 'remove-punch-holes'; count: number; boxes: BBox[] }
  /** A photographed sheet flattened: its corners in the photo (TL, TR, BR, BL, px) and the flat page made of it. */
  | { kind: 'perspective'; corners: Array<{ x: number; y: number }>; width: number; height: number; dpi: number }
  | { kind: 'remove-rules'; horizontal: number; vertical: number; pixels: number };

/** A cleaned page: the image kept in the PDF, the image given to OCR, and what was done. */
export interface CleanedPage {
  index: number;
  width: number;
  height: number;
  dpi: number;
  bilevel: boolean;
  /** Greyscale (or colour) image kept in the output PDF; same geometry as ocrImage. */
  displayImage: Buffer;
  /** 'bilevel': rows of packed bits, 1 = white, each row padded to a whole byte (PDF's 1-bit layout). */
  displayFormat: 'jpeg' | 'bilevel';
  /** 8-bit greyscale PNG tuned for OCR. */
  ocrImage: Buffer;
  /**
   * Pieces of text lines seen in the OCR image (letter-sized marks side by side), in its pixels:
   * the OCR stage checks it read words on each. Absent on pages cleaned by an older Recto.
   */
  textLines?: BBox[];
  corrections: Correction[];
  blank: boolean;
  /** Fraction of the page covered by ink after cleaning; the blank test uses it. */
  inkRatio: number;
  /**
   * How OCR should find the text: 'block' for a ruled form or chart, whose cells full layout
   * analysis splits into columns once the rules are gone, instead of reading row by row.
   */
  ocrLayout?: 'page' | 'block';
}

export interface StageTimings {
  splitMs: number;
  cleanMs: number;
  ocrMs: number;
  assembleMs: number;
}
