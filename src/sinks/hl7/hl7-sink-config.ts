import { z } from 'zod';
import { RectoError } from '../../core/errors.ts';

/** Where and how to send MDM^T02 messages: one interface-engine (MLLP) endpoint per sink. */
export const Hl7SinkConfigSchema = z.object({
  /** The sink's name in delivery records, e.g. "hl7" or "epr-hl7". */
  name: z.string().min(1).default('hl7'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  /** MSH-3; also the namespace of TXA-12, so the receiver knows whose document numbers they are. */
  sendingApplication: z.string().min(1).default('RECTO'),
  /** MSH-4; defaults to each document's custodian (the trust's ODS code). */
  sendingFacility: z.string().min(1).optional(),
  /** MSH-5 and MSH-6, as the receiving interface engine expects them. */
  receivingApplication: z.string().default(''),
  receivingFacility: z.string().default(''),
  /** MSH-11: P production, T training/test, D debugging. */
  processingId: z.enum(['P', 'T', 'D']).default('P'),
  /** Giving up on the TCP connection: the peer is down or unreachable (retryable). */
  connectTimeoutMs: z.number().int().positive().default(10_000),
  /** From sending the message to receiving its ACK; large PDFs need time on slow links (retryable). */
  ackTimeoutMs: z.number().int().positive().default(30_000),
});

export type Hl7SinkConfig = z.infer<typeof Hl7SinkConfigSchema>;
export type Hl7SinkConfigInput = z.input<typeof Hl7SinkConfigSchema>;

export function parseHl7SinkConfig(input: Hl7SinkConfigInput): Hl7SinkConfig {
  const result = Hl7SinkConfigSchema.safeParse(input);
  if (!result.success) throw new RectoError('INVALID_OPTIONS', `HL7 sink: ${z.prettifyError(result.error)}`);
  return result.data;
}
