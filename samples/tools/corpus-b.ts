// Invented clinical documents, part 2 (including the two-page ones). Every person,
// practice and number here is made up; NHS numbers are 999-range test numbers that
// pass the modulus-11 check. Prose is plausible but is not clinical advice.

import type { ClinicalDocument } from './letter.ts';
import { ASHCOMBE, HARROWFIELD, KESTREL, NORTHBROOK, ST_ALDRICS } from './trusts.ts';

export const gastroLetter: ClinicalDocument = {
  trust: ASHCOMBE('Gastroenterology'),
  date: '03 April 2025',
  recipient: ['Dr Priyanka Holloway', 'Wealdmoor Village Surgery', 'The Green, Wealdmoor AW9 4BT'],
  patient: { name: 'Mr Harold Beckwith', dob: '11/10/1949', nhsNumber: '9993449407', hospitalNo: 'AW8841276', address: '2 Millstream Cottages, Wealdmoor AW9 6QR' },
  heading: 'Clinic Letter',
  facts: ['Diagnosis: Iron deficiency anaemia, colonoscopy requested'],
  salutation: 'Dear Dr Holloway,',
  pages: [[
    'Thank you for asking me to see Mr Beckwith, a 75 year old man with iron deficiency anaemia found on routine bloods. His haemoglobin was 96 g/L with a ferritin of 8 ug/L. He has noticed more tiredness but no weight loss or change in bowel habit.',
    'He takes aspirin 75 mg daily after a minor stroke five years ago. He has no indigestion and has not seen any blood in his stools. His abdomen was soft and non-tender with no masses, and rectal examination was normal.',
    'His coeliac serology was negative. Given his age and the iron deficiency I have arranged a gastroscopy and colonoscopy in the next four weeks. He has been given bowel preparation and written instructions, and his daughter will accompany him.',
    'In the meantime please start ferrous fumarate 210 mg once daily and recheck his full blood count in four weeks. I will write again with the results and a plan.',
  ]],
  signOff: ['Yours sincerely,', 'Dr Nathaniel Osei-Barker', 'Consultant Gastroenterologist'],
};

export const memoryReferral: ClinicalDocument = {
  trust: ST_ALDRICS('Medicine for Older People'),
  date: '29 July 2024',
  recipient: ['Memory Assessment Service', 'Fenchester Community Mental Health Team'],
  patient: { name: 'Mrs Iris Pendlebury', dob: '22/07/1939', nhsNumber: '9992160225', hospitalNo: 'SA1187340', address: '10 Chapel Walk, Fenchester FX3 9GA' },
  heading: 'Referral',
  facts: ['Reason: Progressive memory loss over 18 months'],
  salutation: 'Dear Colleagues,',
  pages: [[
    'I would be grateful if you could assess Mrs Pendlebury, who was recently admitted to our ward after a fall at home. Her family describe a gradual decline in her memory over eighteen months, with missed appointments and repeated questions.',
    'She lives alone and has stopped cooking hot meals. Her son now manages her finances. On the ward she was pleasant and sociable but disorientated to time, and she scored 17 out of 30 on the Montreal Cognitive Assessment.',
    'Her blood tests, including B12, folate, thyroid function and calcium, were normal. A CT scan of the head showed generalised atrophy and small vessel changes with no bleed. There was no evidence of delirium by the time of discharge.',
    'She has gone home with a package of care twice a day. She and her son are aware of this referral and would like to talk about the diagnosis and support available.',
  ]],
  signOff: ['Yours faithfully,', 'Dr Eleanor Vasquez-Hale', 'Consultant Geriatrician'],
};

export const entLetter: ClinicalDocument = {
  trust: HARROWFIELD('Paediatric ENT'),
  date: '16 January 2025',
  recipient: ['Dr Samir Chaudhry', 'Valley Road Surgery', '40 Valley Road, Harrowfield HL1 2YP'],
  patient: { name: 'Master Oliver Brennan', dob: '14/05/2017', nhsNumber: '9994284584', hospitalNo: 'HL9902317', address: '25 Kiln Street, Harrowfield HL6 3TD' },
  heading: 'ENT Clinic Letter',
  facts: ['Diagnosis: Recurrent tonsillitis and obstructive sleep symptoms'],
  salutation: 'Dear Dr Chaudhry,',
  pages: [[
    'I saw Oliver, aged 7, with his mother in the children\'s ENT clinic. He has had seven episodes of tonsillitis in the last year, each needing antibiotics, and has missed three weeks of school. He snores loudly every night.',
    'His mother has noticed pauses in his breathing during sleep and he is often tired and irritable in the mornings. On examination he has grade 3 tonsils with no acute infection. His ears and nose were normal.',
    'Given the frequency of his infections and the sleep symptoms, I have recommended tonsillectomy and adenoidectomy. I explained the risk of bleeding after surgery, which is about 1 in 30, and the need for two weeks off school.',
    'His mother would like to proceed and he has been placed on the waiting list. We will send a date in due course. Please continue to treat any further sore throats as usual.',
  ]],
  signOff: ['Yours sincerely,', 'Miss Harriet Lindqvist FRCS', 'Consultant ENT Surgeon'],
  cc: 'cc: Mrs Siobhan Brennan',
};

export const haematologyFax: ClinicalDocument = {
  trust: KESTREL('Clinical Haematology'),
  date: '14 January 2025',
  recipient: ['Dr Lucinda Oyelaran', 'Harbourside Health Centre', '5 Quay Street, Kestrel Bay KB2 6HQ'],
  patient: { name: 'Mr Leonard Quigley', dob: '02/03/1962', nhsNumber: '9996605450', hospitalNo: 'KB2264091', address: '7 Netmakers Lane, Kestrel Bay KB5 8RS' },
  heading: 'Urgent Clinic Letter',
  salutation: 'Dear Dr Oyelaran,',
  pages: [
    [
      'I saw Mr Quigley urgently today following your referral with a raised white cell count. He has had night sweats and tiredness for two months and has lost 5 kg in weight. He has noticed painless lumps in his neck.',
      'On examination there were enlarged rubbery lymph nodes in both sides of the neck and both armpits, the largest about 3 cm. The spleen was palpable two finger breadths below the costal margin.',
      'His blood film showed a lymphocytosis of 48 x10^9/L with smear cells, in keeping with chronic lymphocytic leukaemia. His haemoglobin and platelets are normal, and his kidney and liver function are within the normal range.',
    ],
    [
      'Flow cytometry has been sent to confirm the diagnosis. I have also requested a CT scan of the neck, chest, abdomen and pelvis to stage the disease, given his symptoms and the size of the nodes.',
      'I have explained the likely diagnosis to Mr Quigley and his wife. Many people with this condition need no treatment for years, but his symptoms mean treatment may be needed sooner. He has been given our information leaflet and the contact number for the haematology nurse specialist.',
      'He should have the pneumococcal and annual flu vaccines, but should not receive live vaccines. Please contact us urgently if he develops a fever, as he may be at higher risk of infection.',
      'I will see him again in two weeks with the results and will write to you after that appointment with a treatment plan.',
    ],
  ],
  signOff: ['Yours sincerely,', 'Dr Oluwaseun Pritchard', 'Consultant Haematologist'],
};

export const hipFractureDischarge: ClinicalDocument = {
  trust: ST_ALDRICS('Orthogeriatrics, Rowan Ward'),
  date: '12 May 2025',
  patient: { name: 'Mrs Winifred Castellan', dob: '07/09/1936', nhsNumber: '9996249255', hospitalNo: 'SA7730462', address: 'Greyfriars Care Home, 1 Abbey Road, Fenchester FX5 2LW' },
  heading: 'Discharge Summary',
  facts: ['Admitted: 28/04/2025 Discharged: 12/05/2025', 'Diagnosis: Fractured neck of left femur', 'Procedure: Left hemiarthroplasty on 29/04/2025'],
  pages: [
    [
      'Mrs Castellan, aged 88, was admitted after an unwitnessed fall in her care home. She was found on the floor unable to stand, with a shortened and externally rotated left leg. X-rays confirmed a displaced intracapsular fracture of the left femoral neck.',
      'She had a left hemiarthroplasty under spinal anaesthetic the following day, which went well. She was reviewed daily by the orthogeriatric team. She developed a mild delirium on the second day after surgery, which settled with treatment of constipation and a urinary infection.',
      'Her haemoglobin fell to 88 g/L after surgery and she was given one unit of blood. Her kidney function remained stable throughout the admission. She was eating and drinking well by the end of the first week.',
    ],
    [
      'The falls assessment found postural hypotension, so her doxazosin has been stopped. Her lying and standing blood pressure has since improved. She has been started on calcium and vitamin D, and alendronic acid 70 mg weekly for bone protection.',
      'She is now walking short distances with a frame and the help of one person. She can fully weight bear on the left leg. The physiotherapists have taught the care home staff her exercises and she will receive therapy at the home for six weeks.',
      'The wound is clean and dry. The clips should be removed by the practice nurse 14 days after surgery, on 13/05/2025. She should continue enoxaparin 40 mg daily until 27/05/2025 to prevent blood clots.',
      'She will be seen in the fracture clinic in six weeks with a check X-ray. Please review her medication and bone health at the practice in three months.',
    ],
  ],
  signOff: ['Discharging clinician:', 'Dr Jonah Whitcombe-Ahmed', 'Specialty Registrar, Orthogeriatrics'],
};

export const strokeLetter: ClinicalDocument = {
  trust: NORTHBROOK('Stroke Medicine'),
  date: '07 March 2025',
  recipient: ['Dr Bethany Roscoe', 'Northbrook Riverside Practice', '9 Wharf Road, Northbrook NB1 6SJ'],
  patient: { name: 'Mr Nigel Thornbury', dob: '19/01/1957', nhsNumber: '9999606636', hospitalNo: 'NB3051728', address: '52 Larch Avenue, Northbrook NB4 9HF' },
  heading: 'TIA Clinic Letter',
  facts: ['Diagnosis: Transient ischaemic attack, left carotid territory'],
  salutation: 'Dear Dr Roscoe,',
  pages: [[
    'Mr Thornbury was seen in the rapid access TIA clinic today. Four days ago he had twenty minutes of weakness in his right hand and difficulty finding his words, which resolved completely. He has had no further episodes.',
    'He is an ex-smoker with high blood pressure and high cholesterol. His examination today was normal. His blood pressure was 158/94 mmHg and his ECG showed sinus rhythm. An MRI scan showed no established infarct.',
    'Carotid ultrasound showed a 75% stenosis of the left internal carotid artery. I have discussed him with the vascular surgeons, who will see him this week with a view to carotid endarterectomy.',
    'He has started clopidogrel 75 mg and atorvastatin 80 mg daily. Please increase his amlodipine to 10 mg. He has been advised not to drive for one month. I will review him in clinic after his surgery.',
  ]],
  signOff: ['Yours sincerely,', 'Dr Cressida Umeh', 'Consultant Stroke Physician'],
  cc: 'cc: Mr Nigel Thornbury',
};
