import { z } from 'zod';
import { RectoError } from '../core/errors.ts';
import type { JsonValue } from '../storage/storage.ts';
import { DOCUMENT_TYPE_KEYS } from '../filing/trust-config-checks.ts';

/**
 * What a reviewer may correct on a review item (ReviewItem.corrections), checked again when
 * the item is approved: the store keeps corrections as free JSON, and a value that cannot be
 * filed must stop the approval with a message, not reach a record system. Strict, so a field
 * the filing step does not know about is reported rather than silently ignored.
 */
export const ReviewCorrectionsSchema = z.strictObject({
  nhsNumber: z.string().regex(/^\d{10}$/, 'ten digits, no spaces').optional(),
  given: z.array(z.string().trim().min(1)).min(1).optional(),
  family: z.string().trim().min(1).optional(),
  birthDate: z.iso.date().optional(),
  mrn: z.string().trim().min(1).optional(),
  documentType: z.enum(DOCUMENT_TYPE_KEYS).optional(),
  documentDate: z.iso.date().optional(),
  /** An empty string says "the document names none", overriding what extraction found. */
  author: z.string().trim().optional(),
  department: z.string().trim().optional(),
});

export type ReviewCorrections = z.infer<typeof ReviewCorrectionsSchema>;

/** The patient's identity as a reviewer gives it with an approval; it is kept as corrections. */
export type ConfirmedIdentity = Pick<ReviewCorrections, 'nhsNumber' | 'given' | 'family' | 'birthDate'> & {
  /**
   * 'candidate': the reviewer took it from the index's candidates (one click) rather than typing
   * it from the page, so the approval also checks that the page shows that patient. Not a correction.
   */
  source?: 'candidate';
};

/** Throws APPROVAL_INCOMPLETE naming each correction that cannot be used. */
export function parseReviewCorrections(corrections: Record<string, JsonValue> | undefined, itemId = 'the review item'): ReviewCorrections {
  const result = ReviewCorrectionsSchema.safeParse(corrections ?? {});
  if (!result.success) {
    throw new RectoError('APPROVAL_INCOMPLETE', `the corrections on ${itemId} cannot be filed:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}
