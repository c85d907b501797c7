import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidNhsNumber } from '../../src/core/nhs-number.ts';
import { openTrustServices } from '../../src/filing/open-trust-services.ts';
import { loadTrustConfig, parseTrustConfig } from '../../src/filing/trust-config.ts';
import { openCsvPatientIndex } from '../../src/matching/csv-patient-index.ts';
import { expectRectoError } from '../support/expect-error.ts';

/** The trust config: the example file parses, and every mistake is named by its place in the file. */

const SAMPLES = path.resolve(import.meta.dirname, '../../samples/trust');
const EXAMPLE = path.join(SAMPLES, 'trust-config.example.json');
const example = (): Record<string, any> => JSON.parse(readFileSync(EXAMPLE, 'utf8'));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recto-trust-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the example trust config', () => {
  it('parses with its defaults filled in, paths resolved against its own folder, and no warnings', async () => {
    const { config, warnings } = await loadTrustConfig(EXAMPLE);
    expect(warnings).toEqual([]);
    expect(config.custodianOds).toBe('RZZ');
    expect(config.patientIndex).toEqual({ type: 'csv', path: path.join(SAMPLES, 'patient-index.example.csv') });
    expect(config.sinks.map((sink) => [sink.name, sink.type])).toEqual([
      ['epr-fhir', 'fhir'],
      ['pas-hl7', 'hl7'],
      ['lloyd-george', 'file-drop'],
    ]);
    const drop = config.sinks[2];
    expect(drop.type === 'file-drop' && drop.folder).toBe(path.resolve(SAMPLES, '../../data/lloyd-george-drop'));
    expect(config.extraction).toMatchObject({ mrnPattern: '[A-Z]{2}\\d{7}', mrnRequireLabel: true, nhsNumberMinWordConfidence: 50 });
    expect(config.matching).toEqual({ minConfidence: 80 });
  });

  it('fills extraction and matching defaults when the file leaves them out', () => {
    const input = example();
    delete input.extraction;
    delete input.matching;
    const { config } = parseTrustConfig(input, { baseDir: dir });
    expect(config.extraction.mrnPattern).toBe('[A-Z]{1,3}\\d{6,8}');
    expect(config.matching.minConfidence).toBe(80);
  });

  it('comes with a patient index of invented test-range patients', async () => {
    const file = path.join(SAMPLES, 'patient-index.example.csv');
    const index = await openCsvPatientIndex(file);
    expect(index.size).toBeGreaterThan(10);
    const numbers = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]);
    for (const number of numbers) {
      expect(number).toMatch(/^999\d{7}$/);
      expect(isValidNhsNumber(number)).toBe(true);
    }
  });

  it('opens the index and one sink per name without contacting any server, and closes them', async () => {
    const { config } = await loadTrustConfig(EXAMPLE);
    const services = await openTrustServices(config);
    expect([...services.sinks.keys()]).toEqual(['epr-fhir', 'pas-hl7', 'lloyd-george']);
    expect([...services.sinks.values()].map((sink) => sink.name)).toEqual(['epr-fhir', 'pas-hl7', 'lloyd-george']);
    expect(await services.index.findByNhsNumber('9993048143')).toMatchObject({ family: 'Marchetti' });
    await services.close();
  });
});

describe('a bad trust config', () => {
  const cases: Array<{ problem: string; change: (config: Record<string, any>) => void; path: string; says: RegExp }> = [
    { problem: 'no custodian', change: (c) => delete c.custodianOds, path: 'custodianOds', says: /expected string/ },
    { problem: 'a custodian that is not an ODS code', change: (c) => (c.custodianOds = 'rzz trust'), path: 'custodianOds', says: /ODS code/ },
    { problem: 'a route to a sink that does not exist', change: (c) => (c.routing[1].sink = 'pas'), path: 'routing[1].sink', says: /no sink is named "pas"/ },
    { problem: 'two sinks with one name', change: (c) => (c.sinks[2].name = 'epr-fhir'), path: 'sinks[2].name', says: /already used by sinks\[0\]/ },
    { problem: 'an unknown document type', change: (c) => (c.routing[2].documentTypes = ['lloyd-george']), path: 'routing[2].documentTypes[0]', says: /expected one of/ },
    { problem: '"*" beside named types', change: (c) => (c.routing[2].documentTypes = ['*', 'gp-record']), path: 'routing[2].documentTypes', says: /must stand alone/ },
    { problem: 'a route with no types', change: (c) => (c.routing[0].documentTypes = []), path: 'routing[0].documentTypes', says: /.+/ },
    { problem: 'a misspelt sink setting', change: (c) => (c.sinks[0].bearertoken = 'secret'), path: 'sinks[0]', says: /Unrecognized key: "bearertoken"/ },
    { problem: 'a misspelt top-level key', change: (c) => (c.sink = []), path: '', says: /Unrecognized key: "sink"/ },
    { problem: 'an unknown sink type', change: (c) => (c.sinks[0].type = 'smtp'), path: 'sinks[0].type', says: /fhir.*hl7.*file-drop/ },
    { problem: 'an HL7 sink without a port', change: (c) => delete c.sinks[1].port, path: 'sinks[1].port', says: /expected number/ },
    { problem: 'a FHIR sink with a non-http URL', change: (c) => (c.sinks[0].baseUrl = 'ftp://fhir.example'), path: 'sinks[0].baseUrl', says: /URL/i },
    { problem: 'a FHIR index without its MRN system', change: (c) => (c.patientIndex = { type: 'fhir', baseUrl: 'https://pas.example/R4' }), path: 'patientIndex.mrnIdentifierSystem', says: /expected string/ },
    { problem: 'a CSV index without a path', change: (c) => (c.patientIndex = { type: 'csv' }), path: 'patientIndex.path', says: /expected string/ },
    { problem: 'an MRN pattern that is not a regular expression', change: (c) => (c.extraction.mrnPattern = '(['), path: 'extraction.mrnPattern', says: /not a valid regular expression/ },
    { problem: 'a confidence above 100', change: (c) => (c.matching.minConfidence = 120), path: 'matching.minConfidence', says: /100/ },
  ];

  it.each(cases)('$problem is INVALID_TRUST_CONFIG naming $path', async ({ change, path: where, says }) => {
    const input = example();
    change(input);
    const file = path.join(dir, 'trust.json');
    writeFileSync(file, JSON.stringify(input));
    const error = await expectRectoError(loadTrustConfig(file), 'INVALID_TRUST_CONFIG');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(says);
    if (where) expect(error.message).toContain(`→ at ${where}`);
  });

  it('says when the file is missing, and when it is not JSON', async () => {
    await expectRectoError(loadTrustConfig(path.join(dir, 'missing.json')), 'INPUT_NOT_FOUND');
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{ "custodianOds": "RZZ", ');
    const error = await expectRectoError(loadTrustConfig(file), 'INVALID_TRUST_CONFIG');
    expect(error.message).toMatch(/is not JSON/);
  });
});

describe('warnings', () => {
  it('names a sink no route uses and the document types no route covers', () => {
    const input = example();
    input.routing = input.routing.filter((route: { sink: string }) => route.sink !== 'lloyd-george');
    const { warnings } = parseTrustConfig(input, { baseDir: dir });
    expect(warnings).toEqual([
      'sink "lloyd-george" (file-drop) is in no route, so it receives no documents',
      'document types gp-record are routed to no sink: such documents are matched (or reviewed) but delivered nowhere',
    ]);
  });

  it('has nothing to say when one route takes every type', () => {
    const input = example();
    input.routing = [{ sink: 'epr-fhir', documentTypes: ['*'] }, { sink: 'pas-hl7', documentTypes: ['clinic-letter'] }, { sink: 'lloyd-george', documentTypes: ['gp-record'] }];
    expect(parseTrustConfig(input, { baseDir: dir }).warnings).toEqual([]);
  });
});
