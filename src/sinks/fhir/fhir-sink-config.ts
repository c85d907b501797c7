import { z } from 'zod';
import { RectoError } from '../../core/errors.ts';
import { FhirConnectionSchema } from './fhir-connection.ts';

/** A FHIR R4 sink's settings, validated once when the sink is made. */
export const FhirSinkConfigSchema = FhirConnectionSchema.extend({
  /** The name receipts and delivery records carry; a trust with two FHIR servers names them apart. */
  name: z.string().min(1).default('fhir'),
  /**
   * The namespace of Recto's document ids in DocumentReference.masterIdentifier. It is what makes
   * delivery idempotent (the server is asked "is there a DocumentReference with this identifier?"),
   * so it must never change once documents have been delivered. A trust sets its own URL.
   */
  documentIdentifierSystem: z.url().default('https://recto.nhs.example/Id/document'),
});

/** What a caller writes: defaults may be left out. */
export type FhirSinkOptions = z.input<typeof FhirSinkConfigSchema>;
export type FhirSinkConfig = z.infer<typeof FhirSinkConfigSchema>;

export function parseFhirSinkConfig(options: FhirSinkOptions): FhirSinkConfig {
  const result = FhirSinkConfigSchema.safeParse(options);
  if (!result.success) throw new RectoError('INVALID_OPTIONS', `FHIR sink: ${z.prettifyError(result.error)}`);
  return result.data;
}
