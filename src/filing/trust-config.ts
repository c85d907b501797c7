import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RectoError } from '../core/errors.ts';
import { ExtractionConfigSchema } from '../extract/extraction-config.ts';
import { FhirPatientIndexConfigSchema } from '../matching/fhir-patient-index.ts';
import { MatchingConfigSchema } from '../matching/matching-config.ts';
import { FhirSinkConfigSchema } from '../sinks/fhir/fhir-sink-config.ts';
import { FileDropConfigSchema } from '../sinks/file-drop/file-drop-config.ts';
import { Hl7SinkConfigSchema } from '../sinks/hl7/hl7-sink-config.ts';
import { DOCUMENT_TYPE_KEYS, trustConfigProblems, trustConfigWarnings } from './trust-config-checks.ts';

/**
 * One trust's integration settings: how its letters look (extraction), how sure matching must
 * be, where its patients are looked up, which record systems receive filed documents and which
 * document types go where. Loaded from one JSON file and validated once at start-up, so a typo
 * stops Recto before any document is filed, not halfway through a batch.
 *
 * Objects are strict: an unknown key is refused, because a misspelt optional setting
 * ("bearertoken") would otherwise be ignored without a word. Relative paths are resolved
 * against the folder of the config file, not the directory Recto was started from.
 */

function trustConfigSchema(baseDir: string) {
  const pathInConfigFolder = z
    .string()
    .min(1)
    .transform((written) => path.resolve(baseDir, written));
  const sinkName = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/i, 'a sink name: letters, digits, ".", "_" or "-", e.g. "epr-fhir"');

  const sink = z.discriminatedUnion('type', [
    FhirSinkConfigSchema.extend({ type: z.literal('fhir'), name: sinkName }).strict(),
    Hl7SinkConfigSchema.extend({ type: z.literal('hl7'), name: sinkName }).strict(),
    FileDropConfigSchema.extend({ type: z.literal('file-drop'), name: sinkName, folder: pathInConfigFolder }).strict(),
  ]);

  const patientIndex = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('csv'), path: pathInConfigFolder }),
    FhirPatientIndexConfigSchema.extend({ type: z.literal('fhir') }).strict(),
  ]);

  const route = z.strictObject({
    sink: z.string().min(1),
    documentTypes: z
      .array(z.enum(['*', ...DOCUMENT_TYPE_KEYS]))
      .min(1)
      .refine((types) => !types.includes('*') || types.length === 1, { message: '"*" means every document type and must stand alone' }),
  });

  return z
    .strictObject({
      /** For the people who read the file; Recto ignores it. */
      description: z.string().optional(),
      /** The trust holding the records (DocumentReference.custodian, MSH-4 by default), e.g. "RX1". */
      custodianOds: z.string().regex(/^[A-Z0-9]{3,10}$/, 'an ODS code: 3 to 10 capital letters and digits, e.g. "RX1"'),
      // prefault, not default: the empty object is parsed, so every default inside it applies.
      extraction: ExtractionConfigSchema.strict().prefault({}),
      matching: MatchingConfigSchema.strict().prefault({}),
      patientIndex,
      sinks: z.array(sink),
      routing: z.array(route),
    })
    .superRefine((config, context) => {
      for (const problem of trustConfigProblems(config)) context.addIssue({ code: 'custom', ...problem });
    });
}

export type TrustConfig = z.output<ReturnType<typeof trustConfigSchema>>;
export type TrustSinkConfig = TrustConfig['sinks'][number];
export type TrustPatientIndexConfig = TrustConfig['patientIndex'];
export type TrustConfigInput = z.input<ReturnType<typeof trustConfigSchema>>;

export interface LoadedTrustConfig {
  config: TrustConfig;
  /** Settings that are allowed but probably not meant (a sink no route uses); log them at start-up. */
  warnings: string[];
}

/**
 * Validates settings already read. `baseDir` is where relative paths start; `source` names the
 * settings in messages (the file's path).
 */
export function parseTrustConfig(input: unknown, options: { baseDir: string; source?: string }): LoadedTrustConfig {
  const result = trustConfigSchema(options.baseDir).safeParse(input);
  if (!result.success) {
    throw new RectoError('INVALID_TRUST_CONFIG', `${options.source ?? 'trust config'} is not valid:\n${z.prettifyError(result.error)}`);
  }
  return { config: result.data, warnings: trustConfigWarnings(result.data) };
}

/** Reads and validates the trust config file (e.g. the one RECTO_TRUST_CONFIG names). */
export async function loadTrustConfig(file: string): Promise<LoadedTrustConfig> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INVALID_TRUST_CONFIG';
    throw new RectoError(code, `trust config ${absolute} could not be read: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RectoError('INVALID_TRUST_CONFIG', `trust config ${absolute} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseTrustConfig(json, { baseDir: path.dirname(absolute), source: `trust config ${absolute}` });
}
