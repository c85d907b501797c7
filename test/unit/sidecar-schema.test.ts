import { readFileSync } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { parsePipelineOptions } from '../../src/core/config.ts';
import { SidecarSchema } from '../../src/core/sidecar.ts';
import { SIDECAR_JSON_SCHEMA_FILE, sidecarJsonSchemaText } from '../../src/core/sidecar-json-schema.ts';
import { scanDocument } from '../../src/runners/scan-document.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { SAMPLES_DIR } from '../support/samples.ts';

/**
 * The sidecar's published JSON Schema is the one generated from the schema the code writes
 * sidecars with, and that schema takes what `recto scan` writes and nothing else. (The queue
 * runner's sidecars are checked against it in test/int/runners-agree.test.ts.)
 */

// One real scan of a sample (fake OCR): seconds on a loaded machine.
describe('the sidecar schema', { timeout: 60_000 }, () => {
  it('is committed as generated: run `npm run sidecar:schema` after changing src/core/sidecar*.ts', () => {
    expect(readFileSync(SIDECAR_JSON_SCHEMA_FILE, 'utf8')).toBe(sidecarJsonSchemaText());
  });

  it('takes a sidecar recto scan writes, fields included, and refuses a version 1 sidecar or an unknown key', async () => {
    const data = readFileSync(path.join(SAMPLES_DIR, 'clean-letter.png'));
    const engine = createFakeOcrEngine(['NHS No: 999 636 9668', 'Patient: Mr Arthur PENNINGTON', 'DOB: 03/11/1951']);
    const { sidecar } = await scanDocument({ fileName: 'clean-letter.png', data, stem: 'clean-letter' }, { engine, options: parsePipelineOptions(), limitPage: pLimit(1) });
    const written = JSON.parse(JSON.stringify(sidecar));

    expect(SidecarSchema.parse(written)).toEqual(written);
    expect(written.schemaVersion).toBe(2);
    expect(written.fields.nhsNumbers[0]).toMatchObject({ value: '9996369668', label: expect.stringMatching(/NHS No/), foundAt: { page: 0 } });

    const { fields: _fields, ...versionOne } = { ...written, schemaVersion: 1 };
    expect(SidecarSchema.safeParse(versionOne).success).toBe(false);
    expect(SidecarSchema.safeParse({ ...written, patientGuess: 'x' }).success).toBe(false);
    const page = { ...written.pages[0], words: [{ ...written.pages[0].words[0], font: 'Arial' }] };
    expect(SidecarSchema.safeParse({ ...written, pages: [page] }).success).toBe(false);
  });
});
