import { z } from 'zod';
import { RectoError } from '../core/errors.ts';

function isValidRegexSource(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * What differs between trusts: the shape of their hospital numbers and the words their
 * letters put in front of them. Validated once (parseExtractionConfig) when a runner starts.
 */
export const ExtractionConfigSchema = z.object({
  /**
   * The trust's hospital number (MRN) pattern, as a regular expression source matched against
   * one token with its spaces removed, e.g. "RX\\d{7}" or "\\d{7}". Anchored by the extractor.
   */
  mrnPattern: z
    .string()
    .min(1)
    .refine(isValidRegexSource, { message: 'mrnPattern is not a valid regular expression' })
    .default('[A-Z]{1,3}\\d{6,8}'),
  /** Words printed in front of a hospital number; matched case-insensitively, ":" optional. */
  mrnLabels: z
    .array(z.string().min(1))
    .min(1)
    .default(['Hospital No', 'Hospital Number', 'Hosp No', 'Hosp Number', 'MRN', 'Unit No', 'Unit Number', 'Case No']),
  /**
   * Take hospital numbers only after a label. Off, any token on the page matching mrnPattern
   * counts, which is only safe when the pattern is distinctive (a fixed trust prefix).
   */
  mrnRequireLabel: z.boolean().default(true),
  /** Try OCR look-alikes (O→0, l→1, S→5, B→8) in NHS numbers; a corrected number is flagged. */
  nhsNumberOcrCorrections: z.boolean().default(true),
  /**
   * NHS numbers whose weakest word OCR read with less confidence than this are not reported:
   * the modulus 11 check catches one misread digit, not two, and two misreads come with low
   * word confidence. The document then goes to a person instead.
   */
  nhsNumberMinWordConfidence: z.number().min(0).max(100).default(50),
  /**
   * "Today" for plausibility checks (no birth or document dates in the future), YYYY-MM-DD.
   * Defaults to the real date; tests pin it.
   */
  referenceDate: z.iso.date().optional(),
  /** A document type needs at least this much cue weight, or it is classified "other". */
  documentTypeMinScore: z.number().min(0).default(4),
});

export type ExtractionConfig = z.infer<typeof ExtractionConfigSchema>;
export type ExtractionConfigInput = z.input<typeof ExtractionConfigSchema>;

export function parseExtractionConfig(input: ExtractionConfigInput = {}): ExtractionConfig {
  const result = ExtractionConfigSchema.safeParse(input);
  if (!result.success) throw new RectoError('INVALID_OPTIONS', z.prettifyError(result.error));
  return result.data;
}

export function referenceDateOf(config: ExtractionConfig): string {
  return config.referenceDate ?? new Date().toISOString().slice(0, 10);
}
