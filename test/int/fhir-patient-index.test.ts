import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidNhsNumber } from '../../src/core/nhs-number.ts';
import { RectoError } from '../../src/core/errors.ts';
import { FhirPatientIndex } from '../../src/matching/fhir-patient-index.ts';
import { NHS_NUMBER_SYSTEM, ODS_ORGANIZATION_SYSTEM } from '../../src/sinks/fhir/nhs-systems.ts';
import { fhirIssues } from '../support/fhir-validation.ts';
import { type FhirTestServer, startFhirTestServer } from '../support/fhir-test-server.ts';
import { expectRectoError } from '../support/expect-error.ts';

/** The FHIR patient index against a real HTTP FHIR server on loopback holding invented patients. */

const MRN_SYSTEM = 'https://fhir.rx1.nhs.example/Id/mrn';
let server: FhirTestServer;
let index: FhirPatientIndex;

function patient(nhsNumber: string | undefined, mrns: string[], extra: Partial<Patient> = {}): Patient {
  return {
    resourceType: 'Patient',
    identifier: [
      ...(nhsNumber ? [{ system: NHS_NUMBER_SYSTEM, value: nhsNumber }] : []),
      ...mrns.map((value) => ({ system: MRN_SYSTEM, value })),
    ],
    name: [{ use: 'official', family: 'Example', given: ['Ada'] }],
    birthDate: '1950-02-01',
    ...extra,
  };
}

const ADA = patient('9990000018', ['RX1-000123', 'RX1-000999'], {
  name: [
    { use: 'old', family: 'Maidenname', given: ['Ada'] },
    { use: 'official', family: 'Example', given: ['Ada', 'Jane'] },
  ],
  identifier: [
    { system: NHS_NUMBER_SYSTEM, value: '9990000018' },
    { system: MRN_SYSTEM, value: 'RX1-000123' },
    { system: MRN_SYSTEM, value: 'RX1-000999' },
    // Another trust's number: not this trust's MRN.
    { system: 'https://fhir.rx2.nhs.example/Id/mrn', value: 'RX2-55' },
  ],
  generalPractitioner: [{ type: 'Organization', identifier: { system: ODS_ORGANIZATION_SYSTEM, value: 'A81001' } }],
});

beforeAll(async () => {
  for (const nhsNumber of ['9990000018', '9990000026', '9990000034', '9990000042']) expect(isValidNhsNumber(nhsNumber)).toBe(true);
  server = await startFhirTestServer();
  index = new FhirPatientIndex({ baseUrl: server.baseUrl, mrnIdentifierSystem: MRN_SYSTEM, timeoutMs: 5_000 });
  for (const resource of [
    ADA,
    // Two patients on one hospital number: the index returns both and the matcher decides.
    patient('9990000026', ['RX1-SHARED'], { name: [{ family: 'Tester', given: ['Bea'] }], birthDate: '1961-07-15' }),
    patient('9990000034', ['RX1-SHARED'], { name: [{ use: 'usual', family: 'Sample', given: ['Cal'] }], birthDate: '1972' }),
    // One NHS number on two records: a duplicate only a person can resolve.
    patient('9990000042', ['RX1-000400'], { id: 'dup-a' }),
    patient('9990000042', ['RX1-000401'], { id: 'dup-b' }),
  ]) {
    expect(fhirIssues(resource).filter((issue) => issue.severity === 'error')).toEqual([]);
    server.add(resource);
  }
});
afterAll(() => server.stop());

describe('FhirPatientIndex', () => {
  it('finds a patient by NHS number: official name, birth date, this trust\'s MRNs, GP practice', async () => {
    expect(await index.findByNhsNumber('9990000018')).toEqual({
      nhsNumber: '9990000018',
      given: ['Ada', 'Jane'],
      family: 'Example',
      birthDate: '1950-02-01',
      mrns: ['RX1-000123', 'RX1-000999'],
      gpPracticeOds: 'A81001',
    });
    expect(server.requests.at(-1)?.url).toContain(`identifier=${encodeURIComponent(`${NHS_NUMBER_SYSTEM}|9990000018`)}`);
  });

  it('answers null for an NHS number nobody has, and for a malformed one without asking', async () => {
    expect(await index.findByNhsNumber('9990000050')).toBeNull();
    const before = server.requests.length;
    expect(await index.findByNhsNumber('999000001')).toBeNull();
    expect(server.requests.length).toBe(before);
  });

  it('finds by hospital number (MRN): one patient, several, or none', async () => {
    expect((await index.findByMrn('RX1-000999')).map((found) => found.nhsNumber)).toEqual(['9990000018']);
    const shared = await index.findByMrn('RX1-SHARED');
    expect(shared.map((found) => found.nhsNumber).sort()).toEqual(['9990000026', '9990000034']);
    // A record with only a usual name and a partial birth date: the name is used, the date agrees with nothing.
    expect(shared.find((found) => found.nhsNumber === '9990000034')).toMatchObject({ given: ['Cal'], family: 'Sample', birthDate: '' });
    expect(await index.findByMrn('RX1-404404')).toEqual([]);
    // Another trust's number under another system is not this trust's MRN.
    expect(await index.findByMrn('RX2-55')).toEqual([]);
  });

  it('finds by family name and birth date: exactly the current name and date, not FHIR\'s starts-with or an old name', async () => {
    const found = async (family: string, birthDate: string) => (await index.findByNameAndBirthDate(family, birthDate)).map((p) => p.nhsNumber).sort();
    // Ada, and both records of the duplicated number: the reviewer sees them all and chooses.
    expect(await found('Example', '1950-02-01')).toEqual(['9990000018', '9990000042', '9990000042']);
    expect(server.requests.at(-1)?.url).toContain('family=Example&birthdate=1950-02-01');
    expect(await found('EXAMPLE', '1950-02-01')).toContain('9990000018');
    expect(await found('Tester', '1961-07-15')).toEqual(['9990000026']);
    // The server's family search is starts-with: "Test" would find Tester; the index keeps exact names only.
    expect(await found('Test', '1961-07-15')).toEqual([]);
    expect(await found('Tester', '1961-07-16')).toEqual([]);
    // An old (maiden) name is not the name in use.
    expect(await found('Maidenname', '1950-02-01')).toEqual([]);
    // A partial birth date on the record agrees with no full date.
    expect(await found('Sample', '1972-01-01')).toEqual([]);
    expect(await found('', '1950-02-01')).toEqual([]);
  });

  it('two records with one NHS number: INVALID_PATIENT_INDEX naming them, never a guess and never "not found"', async () => {
    const error = await expectRectoError(index.findByNhsNumber('9990000042'), 'INVALID_PATIENT_INDEX');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Patient/dup-a');
    expect(error.message).toContain('Patient/dup-b');
    expect(error.message).not.toContain('9990000042');
  });

  it('ignores inactive and merged (replaced-by) records and identifiers marked old', async () => {
    const [merged, inactive, inactiveTwin, renumbered, oldNumber] = ['9990000107', '9990000115', '9990000123', '9990000131', '9990000158'];
    for (const nhsNumber of [merged, inactive, inactiveTwin, renumbered, oldNumber]) expect(isValidNhsNumber(nhsNumber)).toBe(true);
    const records: Patient[] = [
      // A merge: the old record points forward to the survivor, which both NHS number searches find.
      patient(merged, ['RX1-M-OLD'], { id: 'merged-away', link: [{ other: { reference: 'Patient/survivor' }, type: 'replaced-by' }] }),
      patient(merged, ['RX1-M-NEW'], { id: 'survivor', name: [{ use: 'official', family: 'Survivor', given: ['Dee'] }], link: [{ other: { reference: 'Patient/merged-away' }, type: 'replaces' }] }),
      // A record retired (entered in error), alone, and beside the active record for the same number.
      patient(inactive, ['RX1-INACTIVE'], { id: 'retired', active: false }),
      patient(inactiveTwin, ['RX1-TWIN-A'], { id: 'twin-retired', active: false }),
      patient(inactiveTwin, ['RX1-TWIN-B'], { id: 'twin-active', active: true, name: [{ use: 'official', family: 'Active', given: ['Eve'] }] }),
      // A patient whose NHS number and hospital number changed: the old ones are kept, marked old.
      {
        ...patient(renumbered, []),
        id: 'renumbered',
        identifier: [
          { system: NHS_NUMBER_SYSTEM, value: oldNumber, use: 'old' },
          { system: NHS_NUMBER_SYSTEM, value: renumbered },
          { system: MRN_SYSTEM, value: 'RX1-OLD-MRN', use: 'old' },
          { system: MRN_SYSTEM, value: 'RX1-ENDED-MRN', period: { end: '2020-01-01' } },
          { system: MRN_SYSTEM, value: 'RX1-NEW-MRN' },
        ],
      },
    ];
    for (const record of records) {
      expect(fhirIssues(record).filter((issue) => issue.severity === 'error')).toEqual([]);
      server.add(record);
    }

    // Merged: the survivor only (no duplicate error), and the merged-away record's own MRN finds nobody.
    expect(await index.findByNhsNumber(merged)).toMatchObject({ nhsNumber: merged, family: 'Survivor', mrns: ['RX1-M-NEW'] });
    expect(await index.findByMrn('RX1-M-OLD')).toEqual([]);
    // Inactive: not found alone; beside an active record, the active one.
    expect(await index.findByNhsNumber(inactive)).toBeNull();
    expect(await index.findByMrn('RX1-INACTIVE')).toEqual([]);
    expect(await index.findByNhsNumber(inactiveTwin)).toMatchObject({ family: 'Active', mrns: ['RX1-TWIN-B'] });
    // Old identifiers find nobody; the current ones find the patient, with only current MRNs.
    expect(await index.findByNhsNumber(oldNumber)).toBeNull();
    expect(await index.findByMrn('RX1-OLD-MRN')).toEqual([]);
    expect(await index.findByMrn('RX1-ENDED-MRN')).toEqual([]);
    expect(await index.findByNhsNumber(renumbered)).toMatchObject({ nhsNumber: renumbered, mrns: ['RX1-NEW-MRN'] });
    expect((await index.findByMrn('RX1-NEW-MRN')).map((found) => found.nhsNumber)).toEqual([renumbered]);
  });

  it('keeps only patients that carry the identifier asked for, even when the server ignores the search', async () => {
    server.ignoreSearchCriteria = true;
    try {
      expect(await index.findByNhsNumber('9990000050')).toBeNull();
      expect((await index.findByNhsNumber('9990000018'))?.family).toBe('Example');
      expect(await index.findByMrn('RX1-404404')).toEqual([]);
    } finally {
      server.ignoreSearchCriteria = false;
    }
  });

  it('answers 503: PATIENT_INDEX_UNAVAILABLE (retryable) with the server\'s reason', async () => {
    server.failNextRequests(1, 503);
    const error = await expectRectoError(index.findByNhsNumber('9990000018'), 'PATIENT_INDEX_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('503');
    expect(error.message).toContain('injected fault');
    expect(error.message).not.toContain('9990000018');
    server.failNextRequests(1, 503);
    const byName = await expectRectoError(index.findByNameAndBirthDate('Example', '1950-02-01'), 'PATIENT_INDEX_UNAVAILABLE');
    expect(byName.message).toContain('a family name and date of birth');
    expect(byName.message).not.toContain('Example');
  });

  it('is down (connection refused): PATIENT_INDEX_UNAVAILABLE; back up, lookups work again', async () => {
    await server.stop();
    try {
      await expectRectoError(index.findByNhsNumber('9990000018'), 'PATIENT_INDEX_UNAVAILABLE');
      await expectRectoError(index.findByMrn('RX1-000123'), 'PATIENT_INDEX_UNAVAILABLE');
    } finally {
      await server.restart();
    }
    expect((await index.findByMrn('RX1-000123')).map((found) => found.nhsNumber)).toEqual(['9990000018']);
  });

  it('sends the bearer token when one is configured', async () => {
    const withToken = new FhirPatientIndex({ baseUrl: server.baseUrl, mrnIdentifierSystem: MRN_SYSTEM, bearerToken: 'index-token' });
    await withToken.findByNhsNumber('9990000018');
    expect(server.requests.at(-1)?.authorization).toBe('Bearer index-token');
  });

  it('more records on one hospital number than a page holds: INVALID_PATIENT_INDEX, not a partial answer', async () => {
    for (let i = 0; i < 21; i++) server.add(patient(undefined, ['RX1-MANY'], { id: `many-${i}` }));
    await expectRectoError(index.findByMrn('RX1-MANY'), 'INVALID_PATIENT_INDEX');
  });

  it('refuses options without an MRN identifier system', () => {
    expect(() => new FhirPatientIndex({ baseUrl: server.baseUrl } as never)).toThrow(RectoError);
  });
});
