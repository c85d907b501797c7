import { z } from 'zod';
import type { Proven, Same } from './same-type.ts';
import type { BBox, Correction, OcrLine, OcrWord, ReadBy, TextMissing } from './types.ts';

/**
 * The sidecar's per-page record as a schema: what the page looked like, what cleaning did to
 * it, and every word OCR read with its box and confidence. Coordinates are pixels of the
 * cleaned page image (the image inside the PDF); multiply by 72/dpi for PDF points.
 */

export const BBoxSchema = z
  .strictObject({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() })
  .meta({ id: 'BBox', description: 'Box in pixels of the cleaned page image: left, top, right and bottom (both exclusive).' });

const confidence = z.number().meta({ description: '0–100, as tesseract reports it.' });

export const OcrWordSchema = z.strictObject({ text: z.string(), bbox: BBoxSchema, confidence }).meta({ id: 'OcrWord' });

export const OcrLineSchema = z.strictObject({
  text: z.string(),
  bbox: BBoxSchema,
  confidence,
  wordIndexes: z.array(z.number().int().min(0)).meta({ description: "Indexes into the page's words, in reading order." }),
}).meta({ id: 'OcrLine' });

export const CorrectionSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('exif-orientation'), degrees: z.number() }),
    z.strictObject({
      kind: z.literal('rescale'),
      fromDpi: z.strictObject({ x: z.number(), y: z.number() }),
      toDpi: z.number(),
      method: z.string(),
    }).meta({ description: 'Non-square pixels (a fax in normal mode, 204 × 98 dpi) resampled to square ones at the higher resolution.' }),
    z.strictObject({ kind: z.literal('smooth-dither'), ditheredShare: z.number().min(0).max(1), method: z.string() })
      .meta({ description: 'A dithered or halftoned bilevel page (photo-mode fax) smoothed back to grey before OCR; ditheredShare is the share of the page that was dots.' }),
    z.strictObject({ kind: z.literal('rotate'), degrees: z.literal([90, 180, 270]), confidence: z.number(), method: z.string() }),
    z.strictObject({ kind: z.literal('deskew'), degrees: z.number(), method: z.string() }),
    z.strictObject({ kind: z.literal('normalise-contrast'), lowLevel: z.number(), highLevel: z.number() }),
    z.strictObject({ kind: z.literal('denoise'), method: z.string(), specklesRemoved: z.number().int().optional() }),
    z.strictObject({
      kind: z.literal('remove-border'),
      sides: z.strictObject({ top: z.number(), right: z.number(), bottom: z.number(), left: z.number() }),
    }),
    z.strictObject({ kind: z.literal('remove-punch-holes'), count: z.number().int(), boxes: z.array(BBoxSchema) }),
    z.strictObject({
      kind: z.literal('perspective'),
      corners: z.array(z.strictObject({ x: z.number(), y: z.number() })).length(4).meta({
        description: "The photographed sheet's corners in the source image (top-left, top-right, bottom-right, bottom-left), pixels.",
      }),
      width: z.number().int().min(1).meta({ description: 'Width of the flattened page, pixels.' }),
      height: z.number().int().min(1).meta({ description: 'Height of the flattened page, pixels.' }),
      dpi: z.number().meta({ description: 'Resolution the flattened page was made at.' }),
    }),
    z.strictObject({
      kind: z.literal('remove-rules'),
      horizontal: z.number().int().min(0),
      vertical: z.number().int().min(0),
      pixels: z.number().int().min(0),
    }).meta({ description: 'Ruled lines (form and chart grids) painted out of the OCR image only; the page image keeps them.' }),
  ])
  .meta({ id: 'Correction', description: 'One thing cleaning did to the page, in the order it was done.' });

const milliseconds = z.number().int().min(0);

export const ReadBySchema = z
  .strictObject({
    engine: z.string().meta({ description: 'The engine: `tesseract.js` (WebAssembly) or `tesseract` (the native CLI).' }),
    version: z.string().meta({ description: 'Engine, its version and the model, e.g. "tesseract 5.3.0 (native) eng best_int".' }),
    model: z.string().meta({ description: 'The recognition model, e.g. "eng best_int" or "eng fast".' }),
  })
  .meta({ id: 'ReadBy', description: 'Which engine and model read the page. Absent for blank pages (not read) and in sidecars made before it was recorded.' });

export const TextMissingSchema = z
  .strictObject({ bbox: BBoxSchema })
  .meta({ id: 'TextMissing', description: 'A region that looks like text (letter-sized marks in lines) but yielded no usable words.' });

export const SidecarPageSchema = z.strictObject({
  index: z.number().int().min(0).meta({ description: 'Zero-based page index in the source file.' }),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  dpi: z.number().positive(),
  bilevel: z.boolean().meta({ description: 'Kept 1-bit (fax, bilevel scan) in the PDF.' }),
  blank: z.boolean(),
  dropped: z.boolean().meta({ description: 'True when --drop-blank (DROP_BLANK) left this blank page out of the PDF and text.' }),
  inkRatio: z.number().min(0).max(1),
  corrections: z.array(CorrectionSchema),
  meanConfidence: z.number(),
  lowConfidence: z.boolean().meta({ description: 'Mean word confidence below the low-confidence threshold: a person should check the page.' }),
  text: z.string(),
  words: z.array(OcrWordSchema),
  lines: z.array(OcrLineSchema),
  readBy: ReadBySchema.optional(),
  textMissing: z
    .array(TextMissingSchema)
    .optional()
    .meta({
      description:
        'Regions with text-like ink that OCR could not read, even read again on their own: the text of this page is incomplete there and a person must check it. Absent when nothing is missing (added in schema version 2, optional).',
    }),
  timingsMs: z.strictObject({
    clean: milliseconds,
    ocr: milliseconds,
    reread: milliseconds.optional().meta({ description: 'The part of ocr spent re-reading regions the first read missed; absent when none.' }),
  }),
}).meta({ id: 'SidecarPage' });

export type SidecarPage = z.infer<typeof SidecarPageSchema>;

// The schema describes the same shapes the stages pass around (src/core/types.ts).
export type PageShapesAgree = Proven<
  Same<
    [z.infer<typeof BBoxSchema>, z.infer<typeof OcrWordSchema>, z.infer<typeof OcrLineSchema>, z.infer<typeof CorrectionSchema>, z.infer<typeof ReadBySchema>, z.infer<typeof TextMissingSchema>],
    [BBox, OcrWord, OcrLine, Correction, ReadBy, TextMissing]
  >
>;
