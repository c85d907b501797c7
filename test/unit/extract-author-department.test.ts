import { describe, expect, it } from 'vitest';
import { extractFields } from '../../src/extract/extract-fields.ts';
import { parseExtractionConfig } from '../../src/extract/extraction-config.ts';
import { ocrFromText } from '../support/ocr-fixtures.ts';

const config = parseExtractionConfig({ referenceDate: '2025-06-01' });
const fieldsOf = (...pages: string[]) => extractFields(ocrFromText(pages), config);

const LETTER = `Northbrook Hospitals NHS Foundation Trust
Department of Cardiology
Northbrook General Hospital, Mill Lane, Northbrook NB3 7QT
Tel: 01632 960412

Date: 14 March 2025

Dr Helen Marsh
Eastgate Medical Practice
12 Eastgate, Northbrook NB2 4LX

Patient: Mr Arthur Pennington

Dear Dr Marsh,

I saw Mr Pennington in clinic today.

Yours sincerely,
Dr Samuel Okonkwo
Consultant Cardiologist`;

describe('author', () => {
  it('reads the name under the sign-off, not the addressee', () => {
    const author = fieldsOf(LETTER).author;
    expect(author?.value).toBe('Dr Samuel Okonkwo');
    expect(author?.label).toBe('Yours sincerely,');
    expect(author?.foundAt.page).toBe(0);
  });

  it('skips a signature scrawl and drops post-nominals', () => {
    const text = 'Yours sincerely,\n~~ /lh\nMiss Harriet Lindqvist FRCS\nConsultant ENT Surgeon';
    expect(fieldsOf(text).author?.value).toBe('Miss Harriet Lindqvist');
  });

  it('accepts a name without a title when a role follows it', () => {
    expect(fieldsOf('Kind regards,\nImogen Castleford\nConsultant Diabetologist').author?.value).toBe('Imogen Castleford');
  });

  it.each([
    ['Author: Dr Priya Shah', 'Dr Priya Shah'],
    ['Dictated by: Mr Rupert Hallam FRCS', 'Mr Rupert Hallam'],
    ['Discharging clinician:\nDr Femi Adeyemi-Clarke\nFoundation Doctor, Acute Medicine', 'Dr Femi Adeyemi-Clarke'],
    ['Surgeon: Mr Rupert Hallam', 'Mr Rupert Hallam'],
  ])('%s', (text, expected) => {
    expect(fieldsOf(text).author?.value).toBe(expected);
  });

  it('reads a form\'s printed name under "Signed:"', () => {
    const text = 'Signed:\n~~\nName (PRINT): Mr Theodore Blakemore\nJob title: Consultant Urologist\nDate: 05/03/2026';
    expect(fieldsOf(text).author?.value).toBe('Mr Theodore Blakemore');
  });

  it('takes the reporting radiologist, not the requesting clinician', () => {
    const text = 'Requested by: Dr Nathaniel Osei-Barker, Consultant Gastroenterologist\nReported by:\n~~\nDr Hamish Calloway\nConsultant Radiologist';
    expect(fieldsOf(text).author?.value).toBe('Dr Hamish Calloway');
  });

  it('finds no author in a letter without a signature block', () => {
    expect(fieldsOf('Dear Dr Marsh,\nPlease see the enclosed results.').author).toBeUndefined();
  });
});

describe('department', () => {
  it('reads it from the letterhead', () => {
    expect(fieldsOf(LETTER).department?.value).toBe('Department of Cardiology');
  });

  it.each([
    ['Ashcombe and Wealdmoor NHS Trust\nRespiratory Medicine, Beech Ward\nDate: 09 February 2025', 'Respiratory Medicine'],
    ['St Aldric\'s Hospital NHS Foundation Trust\nDiabetes & Endocrinology\nAldric Way, Fenchester FX4 6RP', 'Diabetes & Endocrinology'],
    ['Kestrel Bay University Hospitals NHS Trust\nDermatology Outpatients\nTel: 0113 496 0233', 'Dermatology Outpatients'],
    ['Department: Paediatric Surgery\nPatient: Master Oliver Brennan', 'Paediatric Surgery'],
  ])('%s', (text, expected) => {
    expect(fieldsOf(text).department?.value).toBe(expected);
  });

  it('does not take the receiving department from the address block', () => {
    const text = 'Kestrel Bay University Hospitals NHS Trust\nTel: 0113 496 0233\n\nDate: 27 January 2025\n\nRheumatology Department\nKestrel Bay Royal Infirmary';
    expect(fieldsOf(text).department).toBeUndefined();
  });

  it('takes the department, not the ward, whichever comes first', () => {
    expect(fieldsOf('Northbrook Hospitals NHS Foundation Trust\nLarch Ward, Geriatric Medicine\nPatient: Mr Albert Quayle').department?.value).toBe(
      'Geriatric Medicine',
    );
  });

  it('does not take the document title for the department', () => {
    const text = "St Aldric's Hospital NHS Foundation Trust\nBlood Sciences: Clinical Biochemistry\nClinical Biochemistry Report\nPatient: INGLEBY, Deborah";
    const department = fieldsOf(text).department;
    expect(department?.value).toBe('Blood Sciences: Clinical Biochemistry');
    expect(department?.conflicts).toBeUndefined();
  });

  it('does not take the trust, the hospital or its address for a department', () => {
    const text = 'Northbrook Hospitals NHS Foundation Trust\nNorthbrook General Hospital\nMill Lane, Northbrook NB3 7QT';
    expect(fieldsOf(text).department).toBeUndefined();
  });
});
