import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SAMPLES_DIR } from './samples.ts';

/** A record system the test trust delivers every document type to. */
export type TestSink = { name: 'epr-fhir'; type: 'fhir'; baseUrl: string } | { name: 'drop'; type: 'file-drop' };

/**
 * A trust configuration for a test, in its own temporary folder: the example trust's custodian
 * and extraction settings, the example CSV patient index (invented patients, test-range NHS
 * numbers), and one sink every document type is routed to. Returns the config file and its folder.
 */
export function writeTestTrust(label: string, sink: TestSink): { configFile: string; configDir: string } {
  const configDir = mkdtempSync(path.join(os.tmpdir(), `recto-${label}-`));
  copyFileSync(path.join(SAMPLES_DIR, 'trust', 'patient-index.example.csv'), path.join(configDir, 'patients.csv'));
  const example = JSON.parse(readFileSync(path.join(SAMPLES_DIR, 'trust', 'trust-config.example.json'), 'utf8'));
  const sinkConfig =
    sink.type === 'fhir'
      ? { name: sink.name, type: 'fhir', baseUrl: sink.baseUrl, documentIdentifierSystem: 'https://recto.rzz-trust.example/Id/document', timeoutMs: 5000 }
      : { name: sink.name, type: 'file-drop', folder: path.join(configDir, 'drop') };
  const configFile = path.join(configDir, 'trust.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      custodianOds: example.custodianOds,
      extraction: example.extraction,
      patientIndex: { type: 'csv', path: 'patients.csv' },
      sinks: [sinkConfig],
      routing: [{ sink: sink.name, documentTypes: ['*'] }],
    }),
  );
  return { configFile, configDir };
}
