import { z } from 'zod';
import { ExtractedFieldsSchema } from './sidecar-fields.ts';
import { SidecarPageSchema } from './sidecar-page.ts';

export type { SidecarPage } from './sidecar-page.ts';

/**
 * The JSON sidecar written beside every PDF, by `recto scan` and by the capture service alike,
 * as a schema: the code's type is inferred from it and src/core/sidecar.schema.json is generated
 * from it (`npm run sidecar:schema`). Versioned: a consumer checks schemaVersion, and a change
 * that would break one bumps it. Version 2 added `fields` (what extraction read); later, still
 * version 2 because optional and additive, each page's `readBy` (engine and model), `textMissing`
 * and `timingsMs.reread`.
 */
export const SIDECAR_SCHEMA_VERSION = 2;

const milliseconds = z.number().int().min(0);

export const SidecarSchema = z
  .strictObject({
    schemaVersion: z.literal(SIDECAR_SCHEMA_VERSION),
    producer: z.string().meta({ description: 'Recto and its version.' }),
    engine: z.string().meta({ description: 'The OCR engine and its version.' }),
    createdAt: z.iso.datetime().meta({ description: 'When the document was received: the scan started (recto scan) or the upload was stored (service).' }),
    source: z.strictObject({
      fileName: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'SHA-256 of the original file, which is never modified.' }),
      sizeBytes: z.number().int().min(0),
      format: z.enum(['png', 'jpeg', 'tiff', 'pdf']).meta({ description: "Told from the file's first bytes, never its name." }),
    }),
    output: z.strictObject({
      pdf: z.string().nullable().meta({ description: 'NAME.pdf; null when every page was blank and dropped.' }),
      text: z.string(),
      pdfSizeBytes: z.number().int().min(0),
      sizeRatio: z.number().min(0).meta({ description: 'PDF size over the original size.' }),
      pdfStandard: z.literal('PDF/A-2b'),
    }),
    pageCount: z.number().int().min(0),
    meanConfidence: z.number().meta({ description: 'Mean word confidence over the pages read, weighted by their words.' }),
    blankPages: z.array(z.number().int().min(0)),
    lowConfidencePages: z.array(z.number().int().min(0)),
    fields: ExtractedFieldsSchema,
    pages: z.array(SidecarPageSchema),
    timingsMs: z
      .strictObject({ split: milliseconds, clean: milliseconds, ocr: milliseconds, assemble: milliseconds, total: milliseconds })
      .meta({ description: 'Time each stage took (clean and ocr summed over pages); total as the runner counts it (the service counts from upload).' }),
  })
  .meta({ title: 'Recto sidecar', description: 'What Recto made of one scanned document: source, pages, words, corrections, fields.' });

export type Sidecar = z.infer<typeof SidecarSchema>;

/** Checks a sidecar read back (a consumer, a test): throws INVALID-shaped zod errors naming each wrong field. */
export function parseSidecar(json: unknown): Sidecar {
  return SidecarSchema.parse(json);
}
