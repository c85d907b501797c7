import path from 'node:path';
import { z } from 'zod';
import { RectoError } from '../../core/errors.ts';

/** Where Lloyd George records are dropped for a scanning supplier or the national bulk upload. */
export const FileDropConfigSchema = z.object({
  /** The sink's name in delivery records. */
  name: z.string().min(1).default('lloyd-george'),
  /**
   * The drop folder: PDFs go into one sub-folder per GP practice ODS code, metadata.csv sits at
   * the top. Transfer it as a whole once the practice's records are done (including the hidden
   * `.recto` folder if it is to be reused: that is Recto's record of what it already dropped).
   */
  folder: z.string().min(1).transform((folder) => path.resolve(folder)),
  /** SCAN-ID column: who scanned, e.g. the scanning supplier's or trust's short name. */
  scanId: z.string().min(1).default('RECTO'),
  /** USER-ID column when the document does not say who scanned or approved it. */
  defaultUserId: z.string().min(1).default('RECTO'),
  /** SECTION column: "LG" for Lloyd George records. */
  section: z.string().min(1).default('LG'),
});

export type FileDropConfig = z.infer<typeof FileDropConfigSchema>;
export type FileDropConfigInput = z.input<typeof FileDropConfigSchema>;

export function parseFileDropConfig(input: FileDropConfigInput): FileDropConfig {
  const result = FileDropConfigSchema.safeParse(input);
  if (!result.success) throw new RectoError('INVALID_OPTIONS', `file drop sink: ${z.prettifyError(result.error)}`);
  return result.data;
}
