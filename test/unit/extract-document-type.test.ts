import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES } from '../../src/extract/document-types.ts';
import { extractFields } from '../../src/extract/extract-fields.ts';
import type { DocumentTypeKey } from '../../src/extract/extracted-fields.ts';
import { parseExtractionConfig } from '../../src/extract/extraction-config.ts';
import { ocrFromText } from '../support/ocr-fixtures.ts';

const config = parseExtractionConfig({ referenceDate: '2025-06-01' });
const typeOf = (...pages: string[]) => extractFields(ocrFromText(pages), config).documentType;

const HEAD = 'Northbrook Hospitals NHS Foundation Trust\nNorthbrook General Hospital, Mill Lane, Northbrook NB3 7QT\n';
const PATIENT = 'Patient: Mrs Jane SMITH   DOB: 01/02/1950   NHS No: 999 945 8076\n';

const EXAMPLES: Record<DocumentTypeKey, string> = {
  'clinic-letter': `${HEAD}Department of Cardiology\nDate: 14 March 2025\n${PATIENT}\nCardiology Clinic Letter\n\nDear Dr Marsh,\nThank you for referring Mrs Smith, who attended the cardiology clinic today with palpitations.\nI will see her again in three months.\nYours sincerely,\nDr Samuel Okonkwo\nConsultant Cardiologist`,
  'discharge-summary': `${HEAD}Acute Medicine, Willow Ward\nDate: 22 August 2024\n${PATIENT}\nDischarge Summary\nAdmitted: 18/08/2024 Discharged: 22/08/2024\nDiagnosis: Cellulitis\nMedications on discharge: flucloxacillin 1 g four times daily\nDischarging clinician:\nDr Femi Adeyemi-Clarke`,
  'referral-letter': `${HEAD}Acute Medical Unit\nDate: 27 January 2025\n${PATIENT}\nReferral\nReason: Suspected inflammatory arthritis\nDear Colleague,\nI would be grateful if you could see Mrs Smith, who has six weeks of swollen hands.\nYours faithfully,\nDr Tobias Wrenfield`,
  'outpatient-letter': `${HEAD}Outpatient Appointment\nDate: 02 June 2025\n${PATIENT}\nDear Mrs Smith,\nYour appointment details are below. Please arrive 15 minutes early at the Outpatient Department and bring a list of your medicines.\nAppointment date: 14/07/2025 at 10:30`,
  'operation-note': `${HEAD}Trauma & Orthopaedics\n${PATIENT}\nOperation Note\nDate of operation: 29/04/2025\nSurgeon: Mr Rupert Hallam   Assistant: Dr Ana Costa\nAnaesthetist: Dr Ian Reid   Anaesthetic: Spinal\nProcedure: Left hemiarthroplasty\nIncision: lateral approach. Findings: displaced intracapsular fracture.\nClosure: clips. Estimated blood loss 300 ml.\nPost-op instructions: full weight bearing, check X-ray.`,
  'radiology-report': `${HEAD}Department of Radiology\n${PATIENT}\nCT Report\nExamination: CT head without contrast\nClinical details: fall, on anticoagulants\nComparison: none\nFindings: no intracranial haemorrhage. Generalised atrophy.\nImpression: no acute abnormality.\nReported by: Dr Keiko Tanaka, Consultant Radiologist`,
  'pathology-report': `${HEAD}Pathology Department\n${PATIENT}\nLaboratory Report\nLab No: H2504123   Specimen: Blood\nCollected: 03/03/2025 09:10   Received: 03/03/2025 11:02\nTest        Result   Units    Reference range\nHaemoglobin 96 g/L (130-170)\nFerritin    8 ug/L (30-400)\nAuthorised by: Dr L Mensah`,
  'consent-form': `${HEAD}Consent Form 1\nPatient agreement to investigation or treatment\n${PATIENT}\nProposed procedure: total knee replacement\nStatement of health professional\nIntended benefits: less pain, better walking\nSerious or frequently occurring risks: infection, blood clots\nStatement of patient\nI agree to the procedure described on this form.\nSignature of patient ____________`,
  'drug-chart': `${HEAD}Inpatient Prescription and Administration Record\nDrug Chart\n${PATIENT}\nAllergies: penicillin\nRegular medications   Dose   Route   Frequency   Start date\nParacetamol           1 g    PO      QDS         12/05/2025\nAs required (PRN)\nOnce only medicines\nGiven by: ____`,
  'observation-chart': `${HEAD}Observation Chart\nNEWS2\n${PATIENT}\nTime          08:00  12:00  16:00\nRespiration rate   18   22   24\nSpO2 Scale 1   96   94   92\nSystolic BP   128   118   104\nPulse   88   96   112\nConsciousness (ACVPU)   A   A   A\nNEWS2 score   1   3   6\nEscalation: inform nurse in charge`,
  'gp-record': `NHS\nLloyd George\nMedical Record Envelope\nSurname SMITH   Forenames Jane\nNHS No 999 945 8076\nPrevious doctor: Dr Ash, Eastgate Medical Practice\nFP5`,
  other: 'Please find enclosed the items you requested.\nRegards from the records office.',
};

describe('document type', () => {
  it.each(Object.entries(EXAMPLES))('classifies a %s', (key, text) => {
    const result = typeOf(text);
    expect(result.key, result.evidence.join('\n')).toBe(key);
  });

  it('gives the SNOMED CT code from the table and the evidence that decided it', () => {
    const result = typeOf(EXAMPLES['discharge-summary']);
    expect(result).toMatchObject({ snomedCode: '373942005', display: 'Discharge summary' });
    expect(result.evidence[0]).toMatch(/^title "Discharge Summary" \(page 1\)/);
    expect(result.confidence).toBeGreaterThan(70);
  });

  it.each([
    ['Consent Form 1', 'consent-form'],
    ['Referral: iron deficiency and weight loss', 'referral-letter'],
    ['Medical record continuation card', 'gp-record'],
    ['NEWS2 Observation Chart', 'observation-chart'],
    ['Neonatal Discharge Summary (continued)', 'discharge-summary'],
    ['Inpatient Prescription and Administration Record', 'drug-chart'],
    ['Clinical Biochemistry Report', 'pathology-report'],
  ])('takes the heading "%s" as a title', (heading, key) => {
    const result = typeOf(`${heading}\n${PATIENT}`);
    expect(result.key).toBe(key);
    expect(result.evidence[0]).toMatch(/^title /);
  });

  it('does not take a sentence ending in a type name for a title', () => {
    expect(typeOf('Reason for referral\nThank you for your referral').key).toBe('other');
  });

  it('weighs a title above a passing mention', () => {
    const mention = `${HEAD}Gastroenterology Clinic Letter\nDear Dr Marsh,\nI have read the discharge summary from his admission and saw him in the clinic today.`;
    expect(typeOf(mention).key).toBe('clinic-letter');
  });

  it('says "other" for a blank page and for text with no convincing cue', () => {
    expect(typeOf('')).toMatchObject({ key: 'other', snomedCode: '419891008', evidence: ['no cues found'] });
    expect(typeOf('Pulse 80').key).toBe('other');
  });
});

describe('document type table', () => {
  it('holds every DocumentTypeKey once, with a numeric SNOMED CT id and a source', () => {
    const keys = DOCUMENT_TYPES.map((entry) => entry.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(Object.keys(EXAMPLES).sort());
    for (const entry of DOCUMENT_TYPES) {
      expect(entry.snomedCode).toMatch(/^\d{6,18}$/);
      expect(entry.source.length).toBeGreaterThan(20);
    }
  });

  it('marks the stand-in codes as not verified in their source', () => {
    for (const entry of DOCUMENT_TYPES.filter((candidate) => !candidate.verified)) expect(entry.source).toMatch(/NOT VERIFIED/);
    expect(DOCUMENT_TYPES.find((entry) => entry.key === 'gp-record')?.snomedCode).toBe('16521000000101');
  });
});
