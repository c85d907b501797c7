// Invented letters for the fields-* samples, each with the values extraction must find and a
// trap it must not fall into. Every person and number is made up; valid NHS numbers are from
// the 999 test range; phone numbers are from Ofcom's drama ranges (01632 960xxx, 0113 496 0xxx,
// 020 7946 0xxx, 07700 900xxx). Prose is plausible but is not clinical advice.

import { type FieldsDocument, heading, letterhead, line, para, right, row, signOff } from './fields-document.ts';
import { HARROWFIELD, KESTREL, NORTHBROOK, ST_ALDRICS } from './trusts.ts';

/**
 * Trap: a fax number (0113 496 0085) and a mobile (07700 900086) whose last ten digits pass
 * modulus 11, the mobile on the same line as the NHS number; a clinic date differs from the letter date.
 */
export const clinicLetterPhoneFax: FieldsDocument = {
  pages: [[
    ...letterhead(KESTREL('Department of Respiratory Medicine'), ['Secretaries: 0113 496 0233   Fax: 0113 496 0085']),
    row([[0, 'Our ref: PR/RESP/0917'], [110, 'Date: 14 March 2026']], { space: 0.6 }),
    line('Dr Lucinda Oyelaran', 0.8),
    line('Harbourside Health Centre'),
    line('5 Quay Street, Kestrel Bay KB2 6HQ'),
    line('Patient: Mrs Evelyn Rose Marchetti', 0.8, { bold: true }),
    row([[0, 'DOB: 17/09/1948'], [90, 'Hospital No: KB2209471']]),
    row([[0, 'NHS No: 999 304 8143'], [90, 'Tel: 07700 900086']]),
    line('Address: 12 Saltmarsh Lane, Kestrel Bay KB5 2QW'),
    heading('Respiratory Clinic Letter'),
    line('Diagnosis: Bronchiectasis with recurrent infective exacerbations', 0.5),
    line('Seen in clinic: 11 March 2026'),
    line('Dear Dr Oyelaran,', 0.8),
    para('I saw Mrs Marchetti in the respiratory clinic this week. She has had four chest infections since the autumn, each needing antibiotics, and she now coughs up a cupful of sputum every morning. She has lost 3 kg and feels more breathless climbing the stairs at home.'),
    para('Her CT scan confirms bronchiectasis in both lower lobes. Her sputum grew Haemophilus influenzae, sensitive to doxycycline. Her oxygen saturation was 95% on air, her FEV1 is 1.42 litres and her immunoglobulins are normal.'),
    para('Our physiotherapist has taught her airway clearance with an acapella device twice daily. I have given her a rescue pack of doxycycline 100 mg once daily for 14 days, to start when her sputum changes colour, and she will send a sample first.'),
    para('If she becomes unwell she or the practice can reach the respiratory nurses on 0113 496 0233, Monday to Friday, or fax sputum results to 0113 496 0085. I will review her in clinic in three months.'),
    ...signOff('Yours sincerely,', ['Dr Priya Ramaswamy', 'Consultant Respiratory Physician', 'GMC No: 7041552']),
    line('cc: Mrs Evelyn Marchetti', 0.6),
  ]],
  expected: {
    documentType: 'clinic-letter', nhsNumbers: ['9993048143'], mrns: ['KB2209471'],
    patientName: { given: ['Evelyn', 'Rose'], family: 'Marchetti' }, birthDate: '1948-09-17',
    documentDate: '2026-03-14', author: 'Dr Priya Ramaswamy', department: 'Respiratory Medicine',
  },
};

/**
 * Trap: two patients, mother and baby, both with valid NHS numbers and the same surname. The
 * patient is the baby; the mother's DOB and hospital number are printed too. Two pages.
 */
export const neonatalDischargeMotherBaby: FieldsDocument = {
  pages: [
    [
      ...letterhead(HARROWFIELD('Neonatology, Neonatal Unit')),
      heading('Neonatal Discharge Summary', 0.6),
      row([[0, 'Baby: Isla Grace Thornbury'], [100, 'Sex: Female']], { space: 0.5 }),
      row([[0, 'Date of birth: 3 Feb 2026'], [100, 'Gestation: 35+2 weeks']]),
      row([[0, 'NHS Number: 999 632 4834'], [100, 'Hospital No: HL5530182']]),
      row([[0, 'Birth weight: 2.41 kg'], [100, 'Discharge weight: 2.38 kg']]),
      line('Mother: Mrs Kerry Anne Thornbury', 0.5, { bold: true }),
      row([[0, 'DOB: 22.11.1994'], [100, 'Hospital No: HL4471906']]),
      line("Mother's NHS Number: 999 871 3064"),
      line('Address: 9 Weir Cottages, Harrowfield HL4 6JB'),
      line('GP: Dr Samir Chaudhry, Valley Road Surgery'),
      row([[0, 'Admitted: 03/02/2026'], [100, 'Discharged: 11/02/2026']], { space: 0.5 }),
      line('Diagnoses: Late preterm infant; jaundice treated with phototherapy'),
      para('Isla was born at 35 weeks and 2 days by spontaneous vaginal delivery after her mother went into preterm labour. She cried at birth and needed no resuscitation. Apgar scores were 8 at one minute and 9 at five minutes.', 0.8),
      para('She was admitted to the neonatal unit for temperature support and feeding. She needed an incubator for two days and nasogastric top-up feeds for four days, and she is now breastfeeding with occasional expressed milk by bottle.'),
      para('On day three her bilirubin reached 248 umol/L, above the treatment line for her gestation, and she had 30 hours of single phototherapy. The rebound level was 171 umol/L. Her blood group is O positive and the direct antiglobulin test was negative.'),
      right('Page 1 of 2', 0.8, { size: 42 }),
    ],
    [
      ...letterhead(HARROWFIELD('Neonatology, Neonatal Unit')),
      line('Neonatal Discharge Summary (continued)', 0.6, { bold: true }),
      row([[0, 'Baby: Isla Grace Thornbury'], [100, 'NHS Number: 999 632 4834']], { space: 0.4 }),
      para('Her newborn blood spot test was taken on day five and the result will go to the health visitor. Her newborn hearing screen was clear in both ears. The newborn physical examination was normal apart from a small sacral dimple with a visible base, which needs no further tests.', 0.8),
      para('She has had her vitamin K by injection. Her mother has been shown how to check for jaundice and knows to call the unit if Isla becomes sleepy, feeds poorly or her stools turn pale.'),
      line('Follow-up plan', 0.8, { bold: true }),
      line('1. Community midwife visit on 12/02/2026, with weight check.', 0.3),
      line('2. Health visitor to arrange the new birth visit.'),
      line('3. Neonatal outpatient clinic in six weeks.'),
      line('4. Immunisations as scheduled from eight weeks of age.'),
      para('Mrs Thornbury is well after the delivery and is under the care of the maternity team; her own discharge letter is sent separately. Please contact the neonatal unit on 01632 960944 with any questions.', 0.8),
      ...signOff('Summary completed by:', ['Dr Olumide Fashola', 'Consultant Neonatologist', 'Date: 11 February 2026']),
      right('Page 2 of 2', 0.8, { size: 42 }),
    ],
  ],
  expected: {
    documentType: 'discharge-summary', nhsNumbers: ['9996324834', '9998713064'], mrns: ['HL5530182', 'HL4471906'],
    patientName: { given: ['Isla', 'Grace'], family: 'Thornbury' }, birthDate: '2026-02-03',
    documentDate: '2026-02-11', author: 'Dr Olumide Fashola', department: 'Neonatology',
  },
};

/**
 * GP to hospital. Trap: the NHS number is printed without spaces next to a dotted DOB, and a
 * 12-digit e-Referral UBRN holds ten-digit runs; no hospital number and no department (a practice).
 */
export const gpReferral: FieldsDocument = {
  pages: [[
    line('Wealdmoor Village Surgery', 0, { bold: true, size: 60 }),
    line('The Green, Wealdmoor AW9 4BT', 0.2, { size: 42 }),
    line('Tel: 01632 960231   Practice manager: 01632 960232', 0, { size: 42 }),
    { kind: 'rule', space: 0.3 },
    right('Date: 9 January 2026', 0.6),
    line('Gastroenterology Outpatients', 0.6),
    line('Wealdmoor District Hospital'),
    line('Quarry Road, Ashcombe AW7 2HD'),
    line('e-Referral UBRN: 0001 4302 8817', 0.6),
    line('Re: Mr Callum James Whitcombe', 0.6, { bold: true }),
    line('D.O.B. 08.05.1961   NHS number 9998197082'),
    line('4 Ropewalk, Wealdmoor AW9 5DS   Tel: 01632 960774'),
    heading('Referral: iron deficiency and weight loss'),
    line('Dear Colleague,', 0.8),
    para('I would be grateful if you could see Mr Whitcombe, a 64 year old self-employed joiner, who has lost 6 kg over four months without trying. He has upper abdominal discomfort after meals and has felt more tired since the summer.'),
    para('His haemoglobin is 104 g/L with a ferritin of 9 ug/L and an MCV of 76 fL. His coeliac screen was negative and his renal and liver function are normal. His FIT result was 14 ug/g. He has no dysphagia and has not seen blood in his stools.'),
    para('On examination he looks well. His abdomen is soft with mild epigastric tenderness and no masses. I have started ferrous sulfate 200 mg once daily and lansoprazole 30 mg once daily while he waits.'),
    line('Past medical history: hypertension, gout', 0.5),
    line('Medication: amlodipine 5 mg daily, allopurinol 100 mg daily'),
    line('Allergies: no known drug allergies'),
    para('He is aware of the referral and is happy to have an endoscopy. He can be reached on his mobile, 07700 900412, during the day.'),
    ...signOff('Yours faithfully,', ['Dr Fiona McAllister', 'GP Partner']),
  ]],
  expected: {
    documentType: 'referral-letter', nhsNumbers: ['9998197082'], mrns: [],
    patientName: { given: ['Callum', 'James'], family: 'Whitcombe' }, birthDate: '1961-05-08',
    documentDate: '2026-01-09', author: 'Dr Fiona McAllister', department: null,
  },
};

/**
 * Outpatient letter written to the patient. Trap: its only "NHS number" fails modulus 11 (a
 * one-digit typo of a valid number), so a reader must find no valid number and refer it to a person.
 */
export const outpatientLetterInvalidNhs: FieldsDocument = {
  pages: [[
    ...letterhead(ST_ALDRICS('Ophthalmology Outpatients'), ['Appointments: 020 7946 0718']),
    right('Date: 2 March 2026', 0.6),
    line('Private and confidential', 0.6, { bold: true }),
    line('Mr Stanley Bradwell', 0.3),
    line('27 Orchard Rise'),
    line('Fenchester FX5 2BW'),
    line('Date of Birth: 12 June 1939', 0.8),
    line('NHS No: 999 376 9780'),
    line('Hospital No: SA6630218'),
    heading('Outpatient Letter'),
    line('Clinic: Glaucoma clinic, seen on 24 February 2026', 0.5),
    line('Dear Mr Bradwell,', 0.8),
    para('Thank you for coming to the glaucoma clinic. I am writing to you directly, with a copy to your GP, so that you have a record of what we found and what we agreed.'),
    para('The pressure in your eyes was 26 in the right eye and 24 in the left, which is higher than we would like. The scans of the nerves at the back of your eyes show early glaucoma, and your field test showed a small blind patch in the right eye that you would not notice yourself.'),
    para('We agreed that you will start latanoprost eye drops, one drop in each eye every evening. The drops can make the eyes a little red for the first few weeks. Please keep using them every day even when your eyes feel fine.'),
    para('You are still safe to drive, because your field test meets the DVLA standard. You do not need to tell the DVLA at this stage. We will check your pressures again in four months and repeat the field test in a year.'),
    ...signOff('Yours sincerely,', ['Miss Clara Vennison FRCOphth', 'Consultant Ophthalmologist']),
    line('cc: Dr Kwame Asante, Fenchester Park Surgery', 0.6),
  ]],
  invalidNhsNumbers: ['9993769780'],
  expected: {
    documentType: 'outpatient-letter', nhsNumbers: [], mrns: ['SA6630218'],
    patientName: { given: ['Stanley'], family: 'Bradwell' }, birthDate: '1939-06-12',
    documentDate: '2026-03-02', author: 'Miss Clara Vennison', department: 'Ophthalmology',
  },
};

/**
 * Trap: the NHS number is written with hyphens, and three clinicians are named (surgeon,
 * assistant, anaesthetist); the author is the surgeon who signs.
 */
export const operationNote: FieldsDocument = {
  pages: [[
    ...letterhead(NORTHBROOK('Department of General Surgery'), ['Main Theatres: 01632 960418']),
    heading('Operation Note', 0.6),
    line('Patient: Ms Tamsin Lowther', 0.5, { bold: true }),
    row([[0, 'DOB 23/07/1977'], [90, 'MRN: NB6028814']]),
    row([[0, 'NHS No: 999-436-0175'], [90, 'Ward: Elm Ward (day case)']]),
    row([[0, 'Date of operation: 19/01/2026'], [90, 'Theatre 4, 09:42 to 10:51']]),
    line('Surgeon: Mr Dominic Ashworth-Reeve FRCS', 0.5),
    line('Assistant: Dr Bethan Lloyd-Evans (ST4 General Surgery)'),
    line('Anaesthetist: Dr Kofi Mensah   Anaesthetic: General'),
    line('Procedure: Laparoscopic cholecystectomy', 0.5, { bold: true }),
    line('Indication: Recurrent biliary colic, gallstones on ultrasound'),
    para('Findings: Thick-walled gallbladder with adhesions to the omentum and many small stones. Normal liver. Short cystic duct, common bile duct not dilated.', 0.5),
    para('Procedure: Open Hasson entry at the umbilicus and three 5 mm ports. Adhesions divided. Critical view of safety achieved before the cystic duct and artery were each clipped twice and divided. Gallbladder dissected from the liver bed with diathermy and removed in a retrieval bag. Haemostasis checked and the area washed out.'),
    para('Closure: Umbilical sheath closed with 0 PDS, skin with 4-0 Monocryl, local anaesthetic to all port sites. Estimated blood loss 20 mL. Gallbladder sent for histology.'),
    line('Post-operative instructions', 0.5, { bold: true }),
    line('1. Eat and drink as tolerated; home today if passing urine.', 0.3),
    line('2. Regular paracetamol and ibuprofen for five days.'),
    line('3. Remove dressings after 48 hours; no stitches to remove.'),
    line('4. No clinic follow-up unless histology is unexpected.'),
    ...signOff('Signed:', ['Mr Dominic Ashworth-Reeve FRCS', 'Consultant General Surgeon', 'Date: 19 January 2026']),
  ]],
  expected: {
    documentType: 'operation-note', nhsNumbers: ['9994360175'], mrns: ['NB6028814'],
    patientName: { given: ['Tamsin'], family: 'Lowther' }, birthDate: '1977-07-23',
    documentDate: '2026-01-19', author: 'Mr Dominic Ashworth-Reeve', department: 'General Surgery',
  },
};
