import { z } from 'zod';
import { RectoError } from '../core/errors.ts';

/** How sure the evidence must be before Recto files a document without a person. */
export const MatchingConfigSchema = z.object({
  /**
   * The NHS number, name and date of birth must each have been read with at least this OCR
   * confidence (0–100); below it the document goes to review with LOW_CONFIDENCE.
   */
  minConfidence: z.number().min(0).max(100).default(80),
});

export type MatchingConfig = z.infer<typeof MatchingConfigSchema>;
export type MatchingConfigInput = z.input<typeof MatchingConfigSchema>;

export function parseMatchingConfig(input: MatchingConfigInput = {}): MatchingConfig {
  const result = MatchingConfigSchema.safeParse(input);
  if (!result.success) throw new RectoError('INVALID_OPTIONS', z.prettifyError(result.error));
  return result.data;
}
