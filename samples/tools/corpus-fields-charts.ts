// Invented table-like records for the fields-* samples: a drug chart, a NEWS2 observation chart
// and a typed Lloyd George GP continuation card. Every person and number is made up (valid
// NHS numbers from the 999 test range). Not clinical advice.

import { type FieldsDocument, letterhead, line, row, rule } from './fields-document.ts';
import { HARROWFIELD, NORTHBROOK } from './trusts.ts';

const CHART = 40; // chart print is smaller than letter print (about 9.5 pt)

const idBox = (a: string, b: string) => row([[0, a], [95, b]], { grid: true, size: CHART });

// Drug chart columns, mm from the left margin: start date, medicine, dose, route, frequency,
// then the four administration rounds (08, 12, 18, 22) holding the nurse's initials.
const DRUG_COLUMNS = [0, 17, 63, 83, 99, 115, 128, 141, 154];
// Fewer cells than columns: the last cell runs to the right margin (as-required medicines
// have one wide "given" box instead of the four rounds).
const drug = (...cells: string[]) =>
  row(cells.map((text, i): [number, string] => [DRUG_COLUMNS[i], text]), { grid: true, size: CHART });

/**
 * Trap: many numbers (doses, round times, dates, bleep) around the identifiers, and names of a
 * consultant and a prescriber but no single author (so `author` is not scored).
 */
export const drugChart: FieldsDocument = {
  pages: [[
    ...letterhead(NORTHBROOK('Larch Ward, Geriatric Medicine'), ['Pharmacy: 01632 960455']),
    line('Inpatient Prescription and Administration Record', 0.6, { bold: true, size: 52 }),
    idBox('Name: Mr Albert Henry Quayle', 'DOB 02/12/1941'),
    idBox('NHS 999 014 1851', 'Hospital No: NB5518730'),
    idBox('Ward: Larch Ward', 'Specialty: Geriatric Medicine'),
    idBox('Consultant: Dr Wilhelmina Okoro', 'Allergies: Penicillin (rash)'),
    idBox('Weight: 68 kg   Height: 172 cm', 'Chart 1 of 1'),
    idBox('Chart start date: 10/03/2026', 'Oxygen target: 88 - 92%'),
    line('Regular medicines: administration on 10/03/2026', 0.6, { bold: true, size: CHART }),
    drug('Start', 'Medicine', 'Dose', 'Route', 'Freq', '08', '12', '18', '22'),
    drug('10/03', 'Amlodipine tablets', '5 mg', 'Oral', 'OD', 'JK', '', '', ''),
    drug('10/03', 'Bisoprolol tablets', '2.5 mg', 'Oral', 'OD', 'JK', '', '', ''),
    drug('10/03', 'Doxycycline capsules', '100 mg', 'Oral', 'OD', 'JK', '', '', ''),
    drug('10/03', 'Furosemide tablets', '40 mg', 'Oral', 'BD', 'JK', '', 'MO', ''),
    drug('10/03', 'Paracetamol tablets', '1 g', 'Oral', 'QDS', 'JK', 'JK', 'MO', 'MO'),
    drug('10/03', 'Lansoprazole capsules', '30 mg', 'Oral', 'OD', 'JK', '', '', ''),
    drug('10/03', 'Enoxaparin injection', '40 mg', 'SC', 'OD', '', '', 'MO', ''),
    drug('10/03', 'Sertraline tablets', '50 mg', 'Oral', 'OD', 'JK', '', '', ''),
    line('As required medicines', 0.6, { bold: true, size: CHART }),
    drug('Start', 'Medicine', 'Dose', 'Route', 'Max', 'Given (time, initials)'),
    drug('10/03', 'Salbutamol inhaler', '2 puffs', 'Inh', '8/24h', '14:10 JK'),
    drug('10/03', 'Lactulose solution', '10 mL', 'Oral', '3/24h', ''),
    drug('10/03', 'Oramorph solution', '2.5 mg', 'Oral', '4/24h', '21:30 MO'),
    line('Codes: R = refused, N = nil by mouth, W = withheld (record reason overleaf)', 0.5, { size: CHART }),
    line('All prescribed by Dr Lara Baptiste (FY2), bleep 4417, on 10/03/2026', 0.3, { size: CHART }),
    line('Pharmacist check: medicines reconciled with GP record, no changes. RP 11/03', 0.3, { size: CHART }),
  ]],
  expected: {
    documentType: 'drug-chart', nhsNumbers: ['9990141851'], mrns: ['NB5518730'],
    patientName: { given: ['Albert', 'Henry'], family: 'Quayle' }, birthDate: '1941-12-02',
    documentDate: '2026-03-10', department: 'Geriatric Medicine',
  },
};

// Observation chart: a label column then six 4-hourly observation columns.
const OBS_COLUMNS = [0, 51, 70, 89, 108, 127, 146];
const obs = (label: string, values: string[], bold = false, space = 0) =>
  row([label, ...values].map((text, i): [number, string] => [OBS_COLUMNS[i], text]), { grid: true, bold, size: CHART, space });

/**
 * Trap: a grid of vital signs (times, 132/78-style numbers, scores) and a doctor named in an
 * escalation note who is not the author: the chart has no author (null).
 */
export const observationChart: FieldsDocument = {
  pages: [[
    ...letterhead(HARROWFIELD('Trauma & Orthopaedics, Rowan Ward')),
    line('NEWS2 Observation Chart', 0.6, { bold: true, size: 52 }),
    idBox('Name: Mrs Winifred May Ashby', 'D.O.B. 19 Aug 1952'),
    idBox('NHS No: 999 934 1985', 'Hospital No: HL2047735'),
    idBox('Ward: Rowan Ward', 'Department: Trauma & Orthopaedics'),
    idBox('Date: 21/03/2026', 'Post-op day 2, left hip'),
    obs('Time', ['02:00', '06:00', '10:00', '14:00', '18:00', '22:00'], true, 0.5),
    obs('Resp rate (/min)', ['16', '18', '20', '22', '19', '17']),
    obs('SpO2 (%) scale 1', ['97', '96', '94', '95', '96', '97']),
    obs('Air or oxygen', ['Air', 'Air', 'Air', 'O2 2L', 'O2 2L', 'Air']),
    obs('Systolic BP (mmHg)', ['134', '128', '112', '106', '118', '126']),
    obs('Diastolic BP (mmHg)', ['78', '74', '66', '60', '68', '72']),
    obs('Pulse (/min)', ['82', '88', '102', '108', '94', '86']),
    obs('Consciousness', ['A', 'A', 'A', 'A', 'A', 'A']),
    obs('Temperature (C)', ['37.0', '37.4', '38.3', '38.0', '37.6', '37.2']),
    obs('NEWS2 total', ['0', '0', '3', '7', '3', '0'], true),
    obs('Pain score (0-10)', ['2', '2', '4', '3', '2', '1']),
    obs('Initials', ['KP', 'KP', 'JD', 'JD', 'JD', 'AS']),
    line('Escalation and actions', 0.6, { bold: true, size: CHART }),
    line('10:00 NEWS2 3, temperature 38.3: FY1 informed, sepsis screen done,', 0.3, { size: CHART }),
    line('urine and blood cultures sent. Observations 2-hourly. JD', 0, { size: CHART }),
    line('14:00 NEWS2 7: urgent review by Dr Ravi Menon (ST3), chest X-ray requested,', 0.3, { size: CHART }),
    line('oxygen 2 L/min by nasal cannula, hourly observations. JD', 0, { size: CHART }),
    line('22:00 NEWS2 0: back on air, observations 4-hourly. AS', 0.3, { size: CHART }),
  ]],
  expected: {
    documentType: 'observation-chart', nhsNumbers: ['9999341985'], mrns: ['HL2047735'],
    patientName: { given: ['Winifred', 'May'], family: 'Ashby' }, birthDate: '1952-08-19',
    documentDate: '2026-03-21', author: null, department: 'Trauma & Orthopaedics',
  },
};

// A Lloyd George continuation card is about 7 x 5 inches, portrait, typed on buff card.
const CARD = { width: 130, height: 180, margin: { left: 10, right: 8, top: 9, bottom: 8 } };
const TYPED = 36; // typewriter pica at card scale
const entry = (date: string, text: string) => row([[0, date], [22, text]], { size: TYPED });
const more = (text: string) => row([[0, ''], [22, text]], { size: TYPED });

/**
 * Trap: SURNAME and Forenames in separate fields, and two-digit-year consultation dates
 * (12.03.79) beside the four-digit date of birth; no hospital number, author or department,
 * and no single document date (so `documentDate` is not scored).
 */
export const lloydGeorgeCard: FieldsDocument = {
  paper: CARD,
  pages: [[
    line('NATIONAL HEALTH SERVICE', 0, { bold: true, size: 40 }),
    line('Medical record continuation card', 0, { size: TYPED }),
    row([[0, 'Surname THORNTON'], [58, 'Forenames Margaret Ellen']], { size: TYPED, space: 0.5 }),
    row([[0, 'Date of birth 07.04.1936'], [58, 'NHS No 999 322 5010']], { size: TYPED }),
    line('Address 3 Quarry Cottages, Ashcombe AW7 3LP', 0, { size: TYPED }),
    rule(0.3),
    row([[0, 'Date'], [22, 'Clinical notes']], { size: TYPED, bold: true, space: 0.2 }),
    entry('12.03.79', 'Sore throat 3/7. Tonsils inflamed, no'),
    more('exudate. Pen V 250 mg qds 10/7.'),
    entry('04.11.81', 'BP 150/95. Wt 71 kg. Advised on salt'),
    more('and weight. Review 1/12.'),
    entry('09.12.81', 'BP 142/88. Continue diet. Recheck 6/12.'),
    entry('17.06.84', 'Fell in garden, painful R wrist. Tender'),
    more('anatomical snuffbox. To A&E for X-ray.'),
    entry('22.06.84', 'Fracture clinic: scaphoid fracture,'),
    more('in cast for 6/52.'),
    entry('03.02.88', 'Flushes much better. Review HRT in 1 yr.'),
    entry('15.10.91', 'Cough 2/52. Smoker 20/day. Chest clear.'),
    more('Advised to stop smoking.'),
    entry('28.04.95', 'Fasting glucose 8.4. Type 2 diabetes.'),
    more('Diet sheet, see practice nurse.'),
    entry('07.09.98', 'Diabetes review, HbA1c 7.2%. Start'),
    more('metformin 500 mg bd. Feet normal.'),
  ]],
  expected: {
    documentType: 'gp-record', nhsNumbers: ['9993225010'], mrns: [],
    patientName: { given: ['Margaret', 'Ellen'], family: 'Thornton' }, birthDate: '1936-04-07',
    author: null, department: null,
  },
};
