import path from 'node:path';
import { z } from 'zod';
import { SidecarSchema } from './sidecar.ts';

/**
 * The sidecar's JSON Schema (draft 2020-12), generated from the zod schema the code writes
 * sidecars with, for consumers in other languages. Committed as sidecar.schema.json beside
 * this file; `npm run sidecar:schema` writes it again, and a test fails while the two differ.
 */
export const SIDECAR_JSON_SCHEMA_FILE = path.join(import.meta.dirname, 'sidecar.schema.json');

/** The file's text: stable key order and a final newline, so a change shows as a clean diff. */
export function sidecarJsonSchemaText(): string {
  const schema = z.toJSONSchema(SidecarSchema, { target: 'draft-2020-12' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
