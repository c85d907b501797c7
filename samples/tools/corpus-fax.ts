// Invented documents for the fax-mode samples (issue 11) and the document with blank pages.
// Short letters, as faxed between wards, practices and pharmacies. Every person, practice and
// number is made up; NHS numbers are 999-range test numbers that pass the modulus-11 check.

import type { ClinicalDocument } from './letter.ts';
import { ASHCOMBE, HARROWFIELD, KESTREL, NORTHBROOK, ST_ALDRICS } from './trusts.ts';

export const warfarinFax: ClinicalDocument = {
  trust: KESTREL('Anticoagulation Clinic'),
  date: '17 February 2025',
  recipient: ['Dr Tobias Fairweather', 'Saltmarsh Lane Medical Practice', 'Kestrel Bay KB4 2RW'],
  patient: { name: 'Mrs Gwendolyn Ashby', dob: '04/08/1946', nhsNumber: '9994827162', hospitalNo: 'KB3305817', address: '14 Ropewalk Terrace, Kestrel Bay KB2 5LT' },
  heading: 'Anticoagulation Dosing Advice',
  facts: ['INR today: 4.6 (target range 2.0 to 3.0)'],
  salutation: 'Dear Dr Fairweather,',
  pages: [[
    'Mrs Ashby attended the clinic this morning. Her INR was raised at 4.6 after a course of clarithromycin for a chest infection. She has no bleeding or bruising and feels well.',
    'Please ask her to omit warfarin tonight and then take 3 mg daily, reduced from 4 mg. We will recheck her INR in five days at the Saltmarsh Lane clinic and send the next dose by fax.',
  ]],
  signOff: ['Yours sincerely,', 'Ruth Penhaligon', 'Anticoagulation Nurse Specialist'],
};

export const dischargeMedicinesFax: ClinicalDocument = {
  trust: HARROWFIELD('Pharmacy Department'),
  date: '08 September 2024',
  recipient: ['The Pharmacist', 'Linden Parade Pharmacy', 'Harrowfield HL3 1DN'],
  patient: { name: 'Mr Cedric Longbottom', dob: '19/01/1952', nhsNumber: '9997305515', hospitalNo: 'HL6620493', address: '3 Orchard Close, Harrowfield HL3 7PJ' },
  heading: 'Discharge Medicines Service Referral',
  facts: ['Admitted with: Exacerbation of heart failure'],
  salutation: 'Dear Colleague,',
  pages: [[
    'Mr Longbottom went home today after nine days on Beech Ward. His furosemide was increased to 80 mg in the morning and spironolactone 25 mg daily was started. Ramipril was reduced to 2.5 mg twice daily because of his kidney function.',
    'Please reconcile his repeat medicines with these changes and offer him a new medicine check within two weeks. He would like his medicines in a weekly dosette box.',
  ]],
  signOff: ['With thanks,', 'Imogen Tregarthen', 'Senior Clinical Pharmacist'],
};

export const urgentReferralFax: ClinicalDocument = {
  trust: ASHCOMBE('Breast Surgery'),
  date: '22 May 2025',
  recipient: ['Dr Leonie Marchbank', 'Quarry Road Surgery', 'Ashcombe AW7 3FE'],
  patient: { name: 'Ms Philippa Drummond', dob: '30/11/1968', nhsNumber: '9991593055', hospitalNo: 'AW2290684', address: '27 Beacon Rise, Ashcombe AW7 9NU' },
  heading: 'Urgent Clinic Appointment',
  facts: ['Appointment: 29 May 2025 at 10:40, Breast Unit, Level 2'],
  salutation: 'Dear Dr Marchbank,',
  pages: [[
    'Thank you for your urgent referral of Ms Drummond with a new lump in the left breast. She has been booked into the one-stop clinic, where she will be examined and have imaging and a biopsy if needed on the same day.',
    'We have telephoned her with the appointment and sent a letter. Please let us know if she cannot attend so that the slot can be offered to another patient.',
  ]],
  signOff: ['Yours sincerely,', 'Mr Desmond Achterberg', 'Consultant Breast Surgeon'],
};

export const careHomeFax: ClinicalDocument = {
  trust: ST_ALDRICS('Community Nursing'),
  date: '11 November 2024',
  recipient: ['The Manager', 'Heathervale Care Home', 'Fenchester FX2 8AQ'],
  patient: { name: 'Mr Ambrose Kettleworth', dob: '07/05/1934', nhsNumber: '9996041743', hospitalNo: 'SA4471902', address: 'Heathervale Care Home, Fenchester FX2 8AQ' },
  heading: 'Pressure Area Care Plan',
  facts: ['Wound: Category 2 pressure ulcer, left heel'],
  salutation: 'Dear Colleagues,',
  pages: [[
    'I visited Mr Kettleworth today. The ulcer on his left heel measures 2 cm by 1.5 cm and is clean with no sign of infection. Please offload both heels with the boots we left and turn him every three hours.',
    'Dress the wound with a foam dressing every third day. Our team will visit weekly; call us sooner if the wound grows, smells or becomes painful.',
  ]],
  signOff: ['Kind regards,', 'Nerys Blackwood', 'District Nurse'],
};

/** The letter of the document whose back sides were scanned too (blank-pages sample). */
export const renalLetter: ClinicalDocument = {
  trust: NORTHBROOK('Renal Medicine'),
  date: '02 June 2025',
  recipient: ['Dr Samuel Okonkwo-Reid', 'Mill Lane Health Centre', 'Northbrook NB3 2JX'],
  patient: { name: 'Mrs Rosalind Featherstone', dob: '15/03/1957', nhsNumber: '9992768398', hospitalNo: 'NB7719264', address: '8 Kiln Yard, Northbrook NB4 6SW' },
  heading: 'Renal Clinic Letter',
  facts: ['Diagnosis: Chronic kidney disease stage 3b, stable'],
  salutation: 'Dear Dr Okonkwo-Reid,',
  pages: [[
    'I saw Mrs Featherstone in the renal clinic today. Her eGFR is 38, unchanged over the last year, and her urine albumin to creatinine ratio has fallen to 9 since she started dapagliflozin.',
    'Her blood pressure was 128/76 on her current treatment. Please continue her medicines unchanged and check her kidney function every six months. I will see her again in one year.',
  ]],
  signOff: ['Yours sincerely,', 'Dr Marguerite Olusanya', 'Consultant Nephrologist'],
};
