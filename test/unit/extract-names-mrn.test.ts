import { describe, expect, it } from 'vitest';
import { extractFields } from '../../src/extract/extract-fields.ts';
import { type ExtractionConfigInput, parseExtractionConfig } from '../../src/extract/extraction-config.ts';
import { ocrFromText } from '../support/ocr-fixtures.ts';

const fieldsOf = (text: string, options: ExtractionConfigInput = {}) =>
  extractFields(ocrFromText([text]), parseExtractionConfig({ referenceDate: '2025-06-01', ...options }));
const nameOf = (text: string) => {
  const name = fieldsOf(text).patientName?.value;
  return name && { given: name.given, family: name.family };
};

describe('patient name', () => {
  it('reads the name from a "Re:" line, cutting at the DOB', () => {
    const found = fieldsOf('Dear Dr Marsh,\nRe: Mrs Jane A. SMITH, DOB 01/02/1950, NHS No 999 945 8076').patientName;
    expect(found?.value).toEqual({ given: ['Jane', 'A'], family: 'SMITH', text: 'Mrs Jane A. SMITH' });
    expect(found?.label).toBe('Re');
    expect(found?.raw).toBe('Mrs Jane A. SMITH');
  });

  it.each([
    ['Patient: Mr Arthur Pennington', { given: ['Arthur'], family: 'Pennington' }],
    ['Patient name: Miss Chloe Ashdown', { given: ['Chloe'], family: 'Ashdown' }],
    ['Name: Mrs Winifred Castellan', { given: ['Winifred'], family: 'Castellan' }],
    ['Patient: SMITH, Jane Anne', { given: ['Jane', 'Anne'], family: 'SMITH' }],
    ['Patient: Mr Jan VAN DER BERG', { given: ['Jan'], family: 'VAN DER BERG' }],
    ['Patient: Ms Rowena Gaskill DOB: 09/01/1986', { given: ['Rowena'], family: 'Gaskill' }],
    ['Patient:\nMaster Oliver Brennan', { given: ['Oliver'], family: 'Brennan' }],
    ['Surname: PENDLEBURY\nForename(s): Iris May', { given: ['Iris', 'May'], family: 'PENDLEBURY' }],
    ['Surname THORNTON   Forenames Margaret Ellen', { given: ['Margaret', 'Ellen'], family: 'THORNTON' }],
    ["Patient's surname/family name BRIERLEY\nPatient's first names Nigel Patrick", { given: ['Nigel', 'Patrick'], family: 'BRIERLEY' }],
    ['Name: WOODHOUSE, Gerald Frank   Sex: M', { given: ['Gerald', 'Frank'], family: 'WOODHOUSE' }],
    ['Name: Mr Albert Henry Quayle   Consultant: Dr Wilhelmina Okoro', { given: ['Albert', 'Henry'], family: 'Quayle' }],
  ])('%s', (text, expected) => {
    expect(nameOf(text)).toEqual(expected);
  });

  it('does not take a subject line, a GP or a cc line for the patient', () => {
    expect(nameOf('Re: Right knee pain')).toBeUndefined();
    expect(nameOf('GP name: Dr Helen Marsh')).toBeUndefined();
    expect(nameOf('cc: Mr Arthur Pennington')).toBeUndefined();
    expect(nameOf('Dear Mrs Smith,')).toBeUndefined();
  });

  it('takes the baby, not the mother, on a neonatal summary', () => {
    const text = 'Baby: Isla Grace Thornbury   Sex: Female\nDate of birth: 3 Feb 2026\nMother: Mrs Kerry Anne Thornbury\nDOB: 22.11.1994   Hospital No: HL4471906';
    const fields = fieldsOf(text, { referenceDate: '2026-06-01' });
    expect(fields.patientName?.value.given).toEqual(['Isla', 'Grace']);
    expect(fields.birthDate?.value).toBe('2026-02-03');
    expect(fields.birthDate?.conflicts).toBeUndefined();
  });

  it('takes the addressee of a letter written to the patient, with lower confidence', () => {
    const text = 'Private and confidential\nMr Stanley Bradwell\n27 Orchard Rise\nFenchester FX5 2BW\n\nDear Mr Bradwell,';
    const found = fieldsOf(text).patientName;
    expect(found?.value).toMatchObject({ given: ['Stanley'], family: 'Bradwell' });
    expect(found?.label).toBe('addressee');
    expect(found?.confidence).toBeLessThan(95);
    expect(nameOf('Dr Helen Marsh\nEastgate Medical Practice\n\nDear Dr Marsh,')).toBeUndefined();
  });

  it('prefers "Patient:" to "Re:" and flags a different second patient', () => {
    const found = fieldsOf('Re: Mrs Jane SMITH\nPatient: Mr John JONES').patientName;
    expect(found?.value.family).toBe('JONES');
    expect(found?.conflicts?.map((name) => name.family)).toEqual(['SMITH']);
    expect(found?.confidence).toBeLessThanOrEqual(30);
  });
});

describe('hospital number (MRN)', () => {
  it('reads it after the default labels with the default pattern', () => {
    const mrns = fieldsOf('Hospital No: NB4417203\nMRN: AW8841276\nUnit No: KB 2264091').mrns;
    expect(mrns.map((mrn) => [mrn.value, mrn.label])).toEqual([
      ['NB4417203', 'Hospital No'],
      ['AW8841276', 'MRN'],
      ['KB2264091', 'Unit No'],
    ]);
  });

  it('ignores unlabelled look-alikes and numbers of the wrong shape', () => {
    expect(fieldsOf('Specimen AB1234567 received').mrns).toEqual([]);
    expect(fieldsOf('Hospital No: 12345').mrns).toEqual([]);
  });

  it('follows a trust-configured pattern and labels', () => {
    const trust = { mrnPattern: 'RX\\d{7}', mrnLabels: ['K Number', 'Hospital No'] };
    expect(fieldsOf('K Number: RX1234567', trust).mrns.map((mrn) => mrn.value)).toEqual(['RX1234567']);
    expect(fieldsOf('Hospital No: NB4417203', trust).mrns).toEqual([]);
  });

  it('accepts a digits-only trust pattern', () => {
    const trust = { mrnPattern: '\\d{7}', mrnLabels: ['Unit No'] };
    expect(fieldsOf('Unit No: 1234567  DOB: 01/02/1950', trust).mrns.map((mrn) => mrn.value)).toEqual(['1234567']);
  });

  it('can take unlabelled numbers when the trust pattern is distinctive', () => {
    const trust = { mrnPattern: 'RX\\d{7}', mrnRequireLabel: false };
    const [mrn] = fieldsOf('Bed 4, RX1234567, seen today', trust).mrns;
    expect(mrn.value).toBe('RX1234567');
    expect(mrn.confidence).toBeLessThan(95);
  });

  it('rejects an invalid pattern when the config is parsed', () => {
    expect(() => parseExtractionConfig({ mrnPattern: '([A-Z' })).toThrow(/mrnPattern/);
  });
});
