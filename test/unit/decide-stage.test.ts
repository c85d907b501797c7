import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RectoError } from '../../src/core/errors.ts';
import { loadTrustConfig, parseTrustConfig, type TrustConfig } from '../../src/filing/trust-config.ts';
import { openCsvPatientIndex } from '../../src/matching/csv-patient-index.ts';
import type { PatientIndex } from '../../src/matching/patient-index.ts';
import { decide, PATIENT_INDEX_AMBIGUOUS } from '../../src/stages/decide/decide.ts';
import { extract } from '../../src/stages/decide/extract.ts';
import { expectRectoError } from '../support/expect-error.ts';
import { ocrFromTruth } from '../support/ocr-fixtures.ts';
import { SAMPLES_DIR } from '../support/samples.ts';

/**
 * The extract and decide stages as plain functions, on the samples' true text, the example trust
 * configuration and its CSV patient index (invented people, test-range NHS numbers): what both
 * runners file, where it goes, and what goes to a person instead.
 */

const EXAMPLE = path.join(SAMPLES_DIR, 'trust', 'trust-config.example.json');
let config: TrustConfig;
let index: PatientIndex;

beforeAll(async () => {
  config = (await loadTrustConfig(EXAMPLE)).config;
  index = await openCsvPatientIndex(path.join(SAMPLES_DIR, 'trust', 'patient-index.example.csv'));
});

const fieldsOf = (sample: string) =>
  extract(ocrFromTruth(readFileSync(path.join(SAMPLES_DIR, 'expected', `${sample}.txt`), 'utf8')), config.extraction);

const failingIndex = (error: RectoError): PatientIndex => ({
  findByNhsNumber: async () => {
    throw error;
  },
  findByMrn: async () => [],
  findByNameAndBirthDate: async () => [],
});

describe('decide', () => {
  it('files a clinic letter to the patient the index confirms, routed to the sinks its type goes to', async () => {
    const decision = await decide(fieldsOf('fields-clinic-letter-phone-fax'), index, config);
    expect(decision).toMatchObject({
      outcome: 'file',
      patient: { nhsNumber: '9993048143', family: 'Marchetti' },
      sinks: ['epr-fhir', 'pas-hl7'],
      evidence: { nhsNumber: { value: '9993048143' } },
    });
  });

  it('sends a document with text OCR could not read to review, naming the page and box, with the matched patient as candidate', async () => {
    const bbox = { x0: 585, y0: 2784, x1: 2187, y1: 2952 };
    const pages = [{}, { textMissing: [{ bbox }] }];
    const decision = await decide(fieldsOf('fields-clinic-letter-phone-fax'), index, config, pages);
    expect(decision).toMatchObject({ outcome: 'review', candidate: { nhsNumber: '9993048143' } });
    if (decision.outcome !== 'review') return;
    expect(decision.reasons).toEqual([{ code: 'TEXT_MISSING', message: expect.stringContaining('on page 2'), regions: [{ page: 1, bbox }] }]);
    // Alongside every matching reason, not instead of them.
    const both = await decide(fieldsOf('fields-outpatient-letter-invalid-nhs'), index, config, pages);
    expect(both.outcome === 'review' && both.reasons.map((reason) => reason.code)).toEqual(expect.arrayContaining(['NO_NHS_NUMBER', 'TEXT_MISSING']));
  });

  it('routes a GP record to the Lloyd George file drop only', async () => {
    expect(await decide(fieldsOf('fields-gp-record-lloyd-george'), index, config)).toMatchObject({ outcome: 'file', sinks: ['lloyd-george'] });
  });

  it('sends a letter whose NHS number fails the check to review with every reason, never a sink', async () => {
    const decision = await decide(fieldsOf('fields-outpatient-letter-invalid-nhs'), index, config);
    expect(decision.outcome).toBe('review');
    if (decision.outcome !== 'review') return;
    expect(decision.reasons.map((reason) => reason.code)).toEqual(expect.arrayContaining(['NO_NHS_NUMBER', 'NHS_NUMBER_UNREADABLE']));
    expect(decision).not.toHaveProperty('sinks');
  });

  it('sends a document to review when a FHIR index holds two patients with its NHS number', async () => {
    const fhir = parseTrustConfig(
      { ...JSON.parse(readFileSync(EXAMPLE, 'utf8')), patientIndex: { type: 'fhir', baseUrl: 'http://127.0.0.1:9/R4', mrnIdentifierSystem: 'https://rzz-trust.example/Id/mrn' } },
      { baseDir: path.dirname(EXAMPLE) },
    ).config;
    const duplicate = new RectoError('INVALID_PATIENT_INDEX', '2 Patient records (Patient/a1, Patient/b2) carry the same NHS number');
    const decision = await decide(fieldsOf('fields-consent-form'), failingIndex(duplicate), fhir);
    expect(decision).toEqual({ outcome: 'review', reasons: [{ code: PATIENT_INDEX_AMBIGUOUS, message: expect.stringContaining('Patient/a1, Patient/b2') }] });
  });

  it('lets a broken CSV index and an index outage propagate: neither is a fact about the document', async () => {
    const broken = new RectoError('INVALID_PATIENT_INDEX', 'patients.csv: line 7: birth_date is not a real date');
    await expectRectoError(decide(fieldsOf('fields-consent-form'), failingIndex(broken), config), 'INVALID_PATIENT_INDEX');
    const outage = new RectoError('PATIENT_INDEX_UNAVAILABLE', 'patient index could not be read: ECONNREFUSED');
    await expectRectoError(decide(fieldsOf('fields-consent-form'), failingIndex(outage), config), 'PATIENT_INDEX_UNAVAILABLE');
  });
});
