import { writeOutputFile } from './durable-write.ts';
import { SIDECAR_JSON_SCHEMA_FILE, sidecarJsonSchemaText } from './sidecar-json-schema.ts';

/** `npm run sidecar:schema`: writes src/core/sidecar.schema.json from the sidecar's zod schema. */
await writeOutputFile(SIDECAR_JSON_SCHEMA_FILE, sidecarJsonSchemaText());
process.stdout.write(`wrote ${SIDECAR_JSON_SCHEMA_FILE}\n`);
