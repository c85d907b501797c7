// Invented clinical documents, part 1. Every person, practice and number here is made up;
// NHS numbers are from the 999 test range and pass the modulus-11 check (generate.ts
// asserts this). Prose is plausible but is not clinical advice.

import type { ClinicalDocument } from './letter.ts';
import { ASHCOMBE, HARROWFIELD, KESTREL, NORTHBROOK, ST_ALDRICS } from './trusts.ts';

export const cardiologyLetter: ClinicalDocument = {
  trust: NORTHBROOK('Department of Cardiology'),
  date: '14 March 2025',
  recipient: ['Dr Helen Marsh', 'Eastgate Medical Practice', '12 Eastgate, Northbrook NB2 4LX'],
  patient: { name: 'Mr Arthur Pennington', dob: '03/11/1951', nhsNumber: '9996369668', hospitalNo: 'NB4417203', address: '14 Orchard Close, Northbrook NB5 2RL' },
  heading: 'Clinic Letter',
  facts: ['Diagnosis: Atrial fibrillation with mildly reduced ejection fraction'],
  salutation: 'Dear Dr Marsh,',
  pages: [[
    'Thank you for referring Mr Pennington, a 73 year old retired postman, who attended the cardiology clinic today with three months of breathlessness on exertion and occasional palpitations. He can walk about 200 metres on the flat before stopping. He denies chest pain or blackouts.',
    'His pulse was irregular at 92 beats per minute and his blood pressure was 138/84 mmHg. There was mild ankle oedema and fine crackles at both lung bases. His ECG confirmed atrial fibrillation with no acute ischaemic changes.',
    'The echocardiogram showed an ejection fraction of 45% with moderate left atrial dilatation. His CHA2DS2-VASc score is 3, so I have started apixaban 5 mg twice daily after discussing the bleeding risk with him and his daughter.',
    'I have also started bisoprolol 1.25 mg once daily. I would be grateful if the practice could increase this every two weeks towards 5 mg and check his renal function in one week. I will see him again in three months.',
  ]],
  signOff: ['Yours sincerely,', 'Dr Samuel Okonkwo', 'Consultant Cardiologist'],
  cc: 'cc: Mr Arthur Pennington',
};

export const copdDischarge: ClinicalDocument = {
  trust: ASHCOMBE('Respiratory Medicine, Beech Ward'),
  date: '09 February 2025',
  patient: { name: 'Mrs Doreen Halloway', dob: '21/06/1944', nhsNumber: '9991878734', hospitalNo: 'AW2290517', address: '3 Tanners Row, Ashcombe AW4 1JS' },
  heading: 'Discharge Summary',
  facts: ['Admitted: 02/02/2025 Discharged: 09/02/2025', 'Diagnosis: Infective exacerbation of COPD'],
  pages: [[
    'Mrs Halloway presented to A&E with four days of worsening breathlessness, a productive cough with green sputum and a fever. Her oxygen saturation was 84% on air. A chest X-ray showed hyperinflation but no consolidation or pneumothorax.',
    'She was treated with controlled oxygen aiming for saturations of 88 to 92%, nebulised salbutamol and ipratropium, oral prednisolone 30 mg and doxycycline. She did not need non-invasive ventilation and improved steadily over the week.',
    'On discharge she was walking to the end of the ward without oxygen. Her inhaler technique was reviewed by the respiratory nurse and she has been given a rescue pack with written instructions. She is keen to stop smoking and has been referred to the stop smoking service.',
    'Please complete the prednisolone course on 12/02/2025 and review her at the practice within two weeks. She will be offered pulmonary rehabilitation and a respiratory clinic appointment in six weeks.',
  ]],
  signOff: ['Discharging clinician:', 'Dr Aisling Fenwick', 'Specialty Registrar, Respiratory Medicine'],
};

export const rheumatologyReferral: ClinicalDocument = {
  trust: KESTREL('Acute Medical Unit'),
  date: '27 January 2025',
  recipient: ['Rheumatology Department', 'Kestrel Bay Royal Infirmary'],
  patient: { name: 'Ms Rowena Gaskill', dob: '09/01/1986', nhsNumber: '9997152271', hospitalNo: 'KB0381946', address: '41 Lighthouse Road, Kestrel Bay KB3 5AF' },
  heading: 'Referral',
  facts: ['Reason: Suspected inflammatory arthritis'],
  salutation: 'Dear Colleague,',
  pages: [[
    'I would be grateful if you could see Ms Gaskill, a 39 year old primary school teacher, who came to the acute medical unit with six weeks of painful, swollen hands and morning stiffness lasting over an hour. She finds it hard to hold a pen or open jars.',
    'On examination there was synovitis of the second and third metacarpophalangeal joints of both hands and of the left wrist. There was no rash, no mouth ulcers and no features of psoriasis. She has no history of recent infection or travel.',
    'Her CRP was 38 mg/L and ESR 42 mm/hr. Rheumatoid factor and anti-CCP antibodies have been sent and are pending. Hand X-rays show soft tissue swelling without erosions. Her full blood count and liver function were normal.',
    'She has been given naproxen 500 mg twice daily with omeprazole for now. I have avoided steroids until she has been assessed by your team. She understands the likely diagnosis and would welcome an early appointment.',
  ]],
  signOff: ['Yours faithfully,', 'Dr Tobias Wrenfield', 'Consultant in Acute Medicine'],
};

export const diabetesLetter: ClinicalDocument = {
  trust: ST_ALDRICS('Diabetes & Endocrinology'),
  date: '05 December 2024',
  recipient: ['Dr Kwame Asante', 'Fenchester Park Surgery', '2 Park Parade, Fenchester FX1 3DN'],
  patient: { name: 'Mr Declan Fairweather', dob: '30/08/1972', nhsNumber: '9998814731', hospitalNo: 'SA5502871', address: '88 Weaver Street, Fenchester FX2 7LT' },
  heading: 'Diabetes Clinic Letter',
  salutation: 'Dear Dr Asante,',
  pages: [[
    'I reviewed Mr Fairweather in the diabetes clinic today. He has had type 2 diabetes for nine years and works night shifts as a warehouse supervisor, which makes regular meals difficult. His HbA1c has risen from 58 to 74 mmol/mol over the past year.',
    'He takes metformin 1 g twice daily and gliclazide 80 mg twice daily. He reports two mild hypoglycaemic episodes at work, both treated with glucose tablets. His weight is 104 kg and his blood pressure was 146/92 mmHg.',
    'His feet were examined and sensation to monofilament was intact, with good pulses. His urine albumin to creatinine ratio was 4.1 mg/mmol, which is raised. His most recent retinal screening showed background retinopathy only.',
    'We agreed to stop gliclazide and start semaglutide 0.25 mg weekly, increasing after four weeks. Please start ramipril 2.5 mg daily and recheck his kidney function in two weeks. He will see our dietitian and I will review him in four months.',
  ]],
  signOff: ['Kind regards,', 'Dr Imogen Castleford', 'Consultant Diabetologist'],
  cc: 'cc: Mr Declan Fairweather',
};

export const orthopaedicLetter: ClinicalDocument = {
  trust: NORTHBROOK('Trauma & Orthopaedics'),
  date: '18 October 2024',
  recipient: ['Dr Helen Marsh', 'Eastgate Medical Practice', '12 Eastgate, Northbrook NB2 4LX'],
  patient: { name: 'Mrs Marjorie Tillotson', dob: '17/04/1958', nhsNumber: '9992398442', hospitalNo: 'NB7719054', address: '6 Bramble Lane, Northbrook NB8 3PE' },
  heading: 'Orthopaedic Clinic Letter',
  facts: ['Diagnosis: Osteoarthritis of the right knee'],
  salutation: 'Dear Dr Marsh,',
  pages: [[
    'Mrs Tillotson attended the knee clinic with eighteen months of worsening right knee pain. She now struggles with stairs, wakes at night with pain and has had to give up her allotment. Paracetamol and topical ibuprofen no longer help.',
    'She walks with a stick and an antalgic gait. There is a fixed flexion deformity of 10 degrees, flexion to 100 degrees and crepitus throughout. The knee is stable. Weight bearing X-rays show severe medial joint space loss with osteophytes.',
    'We discussed total knee replacement, including the risks of infection, blood clots, stiffness and ongoing pain. She would like to go ahead and has been listed. Her BMI is 31 and she is working with the practice nurse on weight loss before surgery.',
    'She will attend pre-operative assessment in the next month. Please could you make sure her blood pressure is well controlled and let us know of any change in her health before the operation.',
  ]],
  signOff: ['Yours sincerely,', 'Mr Rupert Hallam FRCS', 'Consultant Orthopaedic Surgeon'],
};

export const cellulitisDischarge: ClinicalDocument = {
  trust: HARROWFIELD('Acute Medicine, Willow Ward'),
  date: '22 August 2024',
  patient: { name: 'Mr Gareth Millward', dob: '05/12/1966', nhsNumber: '9998113350', hospitalNo: 'HL3308162', address: '17 Foundry Court, Harrowfield HL5 4NG' },
  heading: 'Discharge Summary',
  facts: ['Admitted: 18/08/2024 Discharged: 22/08/2024', 'Diagnosis: Cellulitis of the left lower leg'],
  pages: [[
    'Mr Millward was admitted with three days of a hot, red and swollen left lower leg after a garden injury. He had a temperature of 38.6 C and a CRP of 186 mg/L. An ultrasound scan excluded a deep vein thrombosis.',
    'He was treated with intravenous flucloxacillin for three days with good response. The redness has retreated well behind the marked margin and he is now walking normally. His blood glucose was checked and was normal.',
    'He is to complete a further seven days of oral flucloxacillin 1 g four times daily. He should keep the leg raised when sitting and moisturise the skin. He knows to seek help urgently if the redness spreads or he feels unwell.',
    'Please review the leg at the practice in one week and repeat his CRP. The wound on his shin needs dressing changes by the practice nurse every three days until healed.',
  ]],
  signOff: ['Discharging clinician:', 'Dr Femi Adeyemi-Clarke', 'Foundation Doctor, Acute Medicine'],
};

export const dermatologyLetter: ClinicalDocument = {
  trust: KESTREL('Dermatology Outpatients'),
  date: '11 November 2024',
  recipient: ['Dr Lucinda Oyelaran', 'Harbourside Health Centre', '5 Quay Street, Kestrel Bay KB2 6HQ'],
  patient: { name: 'Miss Chloe Ashdown', dob: '28/02/1999', nhsNumber: '9999472486', hospitalNo: 'KB6620415', address: 'Flat 9, 23 Cliff Terrace, Kestrel Bay KB4 1UD' },
  heading: 'Dermatology Clinic Letter',
  facts: ['Diagnosis: Chronic plaque psoriasis'],
  salutation: 'Dear Dr Oyelaran,',
  pages: [[
    'Miss Ashdown attended with a two year history of itchy, scaly plaques on her elbows, knees and scalp. The rash has spread over the last six months and is now affecting her sleep and her confidence at work. Her father also has psoriasis.',
    'On examination she has well defined plaques with silvery scale covering about 8% of her body surface area, with scalp involvement and pitting of several fingernails. She has no joint pain or swelling at present.',
    'She has tried emollients and a potent steroid cream with limited benefit. I have prescribed a combined calcipotriol and betamethasone gel once daily for four weeks, then at weekends only, and a coal tar shampoo for her scalp.',
    'She has been referred for narrowband UVB phototherapy. If her skin has not improved at review in three months we will discuss systemic treatment. Please let us know if she develops joint symptoms.',
  ]],
  signOff: ['Yours sincerely,', 'Dr Maeve Donoghue', 'Consultant Dermatologist'],
};
