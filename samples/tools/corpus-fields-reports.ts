// Invented reports and forms for the fields-* samples: a radiology report, a lab report and a
// consent form. Every person and number is made up (valid NHS numbers from the 999 test range,
// phone numbers from Ofcom's drama ranges). Not clinical advice.

import { type FieldsDocument, heading, letterhead, line, para, row, signOff } from './fields-document.ts';
import { ASHCOMBE, KESTREL, ST_ALDRICS } from './trusts.ts';

const SMALLER = 42;

/**
 * Trap: the name is printed SURNAME, Forenames; the requesting clinician and the requesting
 * department (Gastroenterology) are printed too, but the author is the radiologist who reported.
 */
export const radiologyReport: FieldsDocument = {
  pages: [[
    ...letterhead(ASHCOMBE('Radiology Department'), ['Reporting office: 01632 960587']),
    heading('Radiology Report', 0.6),
    row([[0, 'Name: WOODHOUSE, Gerald Frank'], [105, 'Sex: M']], { space: 0.5 }),
    row([[0, 'DOB: 04-Mar-1956'], [105, 'Hospital No: AW3371642']]),
    row([[0, 'NHS No. 999 111 0666'], [105, 'Accession: RAW2600413721']]),
    row([[0, 'Location: Gastroenterology OPD'], [105, 'Priority: Urgent']]),
    line('Requested by: Dr Nathaniel Osei-Barker, Consultant Gastroenterologist', 0.5),
    row([[0, 'Date of examination: 26/02/2026'], [105, 'Date reported: 27/02/2026']]),
    line('Examination: CT chest, abdomen and pelvis with contrast', 0.6, { bold: true }),
    para('Clinical details: Iron deficiency anaemia and 8 kg weight loss. Gastroscopy showed an ulcerated lesion at the gastric antrum, biopsies pending. Staging please.', 0.5),
    para('Findings: There is irregular wall thickening of the gastric antrum, up to 18 mm, with stranding of the surrounding fat. Two enlarged lymph nodes lie along the lesser curve, the larger 14 mm in short axis. No ascites.', 0.5),
    para('The liver has normal outline and enhancement with no focal lesion. The pancreas, spleen, adrenal glands and kidneys are normal. There is sigmoid diverticular disease without inflammation. No bony lesion suspicious of metastasis.'),
    para('In the chest there is a 4 mm nodule in the right lower lobe, too small to characterise and most likely benign. No lung mass, pleural effusion or enlarged mediastinal nodes. Mild emphysema at both apices.'),
    para('Conclusion: Antral gastric wall thickening with perigastric nodes, in keeping with the known gastric lesion, locally advanced. No distant metastatic disease. Small indeterminate lung nodule. Suggest discussion at the upper GI multidisciplinary meeting.', 0.5),
    ...signOff('Reported by:', ['Dr Hamish Calloway', 'Consultant Radiologist', 'GMC No: 6093317']),
  ]],
  expected: {
    documentType: 'radiology-report', nhsNumbers: ['9991110666'], mrns: ['AW3371642'],
    patientName: { given: ['Gerald', 'Frank'], family: 'Woodhouse' }, birthDate: '1956-03-04',
    documentDate: '2026-02-27', author: 'Dr Hamish Calloway', department: 'Radiology',
  },
};

const result = (test: string, value: string, units: string, range: string) =>
  row([[0, test], [52, value], [80, units], [118, range]], { grid: true, size: SMALLER });

/**
 * Trap: a 10-digit specimen number (2603141147) that passes modulus 11, plus a page of results,
 * reference ranges, times and a phone number; the age is printed beside the DOB.
 */
export const pathologyReport: FieldsDocument = {
  pages: [[
    ...letterhead(ST_ALDRICS('Blood Sciences: Clinical Biochemistry'), ['Laboratory enquiries: 020 7946 0752']),
    heading('Clinical Biochemistry Report', 0.6),
    row([[0, 'Patient: INGLEBY, Deborah Jane'], [95, 'Sex: F']], { space: 0.5, size: SMALLER }),
    row([[0, 'DOB: 29/10/1983 (42y)'], [95, 'Hospital No: SA7714052']], { size: SMALLER }),
    row([[0, 'NHS No 999 848 0523'], [95, 'Specimen No: 2603141147']], { size: SMALLER }),
    row([[0, 'Collected: 14/03/2026 08:15'], [95, 'Received: 14/03/2026 10:02']], { size: SMALLER }),
    line('Requested by: Dr Kwame Asante, Fenchester Park Surgery', 0, { size: SMALLER }),
    line('Clinical details: tiredness, on ramipril, check renal function', 0, { size: SMALLER }),
    row([[0, 'Test'], [52, 'Result'], [80, 'Units'], [118, 'Reference range']], { grid: true, bold: true, size: SMALLER, space: 0.6 }),
    result('Sodium', '139', 'mmol/L', '133 - 146'),
    result('Potassium', '5.8 H', 'mmol/L', '3.5 - 5.3'),
    result('Urea', '9.4 H', 'mmol/L', '2.5 - 7.8'),
    result('Creatinine', '142 H', 'umol/L', '45 - 84'),
    result('eGFR', '39 L', 'mL/min/1.73m2', 'above 90'),
    result('Adjusted calcium', '2.41', 'mmol/L', '2.20 - 2.60'),
    result('Albumin', '41', 'g/L', '35 - 50'),
    result('ALT', '23', 'U/L', '0 - 33'),
    result('HbA1c', '44 H', 'mmol/mol', '20 - 41'),
    result('TSH', '2.1', 'mU/L', '0.27 - 4.20'),
    para('Comment: Potassium and creatinine are raised compared with 118 umol/L in September 2025, in keeping with an acute kidney injury stage 1 on ramipril. Suggest repeat urea and electrolytes within 48 hours and review of ramipril. Result telephoned to the surgery on 020 7946 0391 at 14:20.', 0.6),
    ...signOff('Authorised by:', ['Dr Ngozi Afolabi', 'Consultant Chemical Pathologist', 'Date authorised: 14/03/2026']),
  ]],
  expected: {
    documentType: 'pathology-report', nhsNumbers: ['9998480523'], mrns: ['SA7714052'],
    patientName: { given: ['Deborah', 'Jane'], family: 'Ingleby' }, birthDate: '1983-10-29',
    documentDate: '2026-03-14', author: 'Dr Ngozi Afolabi', department: 'Clinical Biochemistry',
  },
};

const field = (label: string, value: string) =>
  row([[0, label], [78, value]], { grid: true, size: SMALLER });

/**
 * A boxed consent form (NHS Consent Form 1 layout). Trap: surname and first names sit in
 * separate boxes, the surname in capitals; two people sign (clinician and patient).
 */
export const consentForm: FieldsDocument = {
  pages: [[
    ...letterhead(KESTREL('Department of Urology')),
    heading('Consent Form 1', 0.6),
    line('Patient agreement to investigation or treatment', 0, { bold: true }),
    field("Patient's surname/family name", 'BRIERLEY'),
    field("Patient's first names", 'Nigel Patrick'),
    field('Date of birth', '15.01.1969'),
    field('NHS number', '999 554 0746'),
    field('Hospital number', 'KB8802265'),
    field('Responsible health professional', 'Mr Theodore Blakemore'),
    field('Job title', 'Consultant Urologist'),
    field('Special requirements', 'None'),
    line('Statement of health professional', 0.6, { bold: true }),
    line('Name of proposed procedure or course of treatment:', 0.3),
    line('Flexible cystoscopy and removal of left ureteric stent'),
    para('I have explained the procedure to the patient. In particular, I have explained the intended benefits: removal of the stent placed on 12/02/2026 and a check of the bladder lining.', 0.4),
    para('Serious or frequently occurring risks: discomfort and blood in the urine for a day or two, urinary infection (about 1 in 50) and, rarely, a stent that cannot be removed this way and needs a general anaesthetic.', 0.3),
    line('This procedure will involve: local anaesthetic gel.', 0.3),
    ...signOff('Signed:', ['Name (PRINT): Mr Theodore Blakemore', 'Job title: Consultant Urologist', 'Date: 05/03/2026'], 0.5),
    line('Statement of patient', 0.6, { bold: true }),
    para('I agree to the procedure described on this form. I understand that I will have the opportunity to discuss it again before it starts, and that I can change my mind at any time.', 0.3),
    ...signOff("Patient's signature:", ['Name (PRINT): Nigel Patrick Brierley', 'Date: 05/03/2026'], 0.5),
  ]],
  expected: {
    documentType: 'consent-form', nhsNumbers: ['9995540746'], mrns: ['KB8802265'],
    patientName: { given: ['Nigel', 'Patrick'], family: 'Brierley' }, birthDate: '1969-01-15',
    documentDate: '2026-03-05', author: 'Mr Theodore Blakemore', department: 'Urology',
  },
};
