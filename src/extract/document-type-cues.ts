import type { DocumentTypeKey } from './extracted-fields.ts';

/**
 * The evidence the document-type classifier weighs, as data a reviewer can read. A "title"
 * cue is a phrase that names the document ("Discharge Summary"); as a heading it weighs
 * triple near the top of page 1 and double elsewhere, and only half in running text ("see the
 * discharge summary"). Other cues are the layout habits of each kind of document
 * ("Admitted:", "Reference range", "Statement of patient"); each counts once.
 */
export interface Cue {
  type: Exclude<DocumentTypeKey, 'other'>;
  pattern: RegExp;
  weight: number;
  title?: boolean;
  /** A title cue that means nothing in running text ("Referral" in "your referral"). */
  titleOnly?: boolean;
}

const cue = (type: Cue['type'], weight: number, pattern: RegExp, options: Partial<Cue> = {}): Cue => ({
  type,
  weight,
  pattern,
  ...options,
});
const title = (type: Cue['type'], pattern: RegExp, titleOnly = false): Cue => cue(type, 4, pattern, { title: true, titleOnly });

export const CUES: Cue[] = [
  // Discharge summary
  title('discharge-summary', /\b(?:discharge\s+(?:summary|letter|notification|advice)|inpatient\s+discharge|transfer\s+of\s+care)\b/i),
  cue('discharge-summary', 2, /\bAdmitted\s*:/i),
  cue('discharge-summary', 2, /\bDischarged\s*:/i),
  cue('discharge-summary', 2, /\bdate\s+of\s+(?:admission|discharge)\b/i),
  cue('discharge-summary', 2, /\bdischarging\s+(?:clinician|doctor|consultant)\b/i),
  cue('discharge-summary', 2, /\b(?:medications?\s+on\s+discharge|discharge\s+medications?|TTO|TTA)\b/i),
  cue('discharge-summary', 1, /\b(?:length\s+of\s+stay|was\s+admitted|during\s+(?:the|this|her|his)\s+admission)\b/i),

  // Clinic letter (a consultant's letter after seeing the patient in clinic)
  title('clinic-letter', /\bclinic\s+(?:letter|review|follow[- ]?up)\b/i),
  cue('clinic-letter', 2, /\b(?:seen|reviewed|saw\s+\S+(?:\s+\S+)?)\s+(?:\S+\s+){0,2}in\s+(?:the\s+)?(?:\S+\s+){0,3}clinic\b/i),
  cue('clinic-letter', 2, /\battended\s+(?:the\s+)?(?:\S+\s+){0,3}clinic\b/i),
  cue('clinic-letter', 2, /\b(?:thank\s+you\s+for\s+(?:referring|asking\s+me\s+to\s+see|your\s+referral)|following\s+your\s+referral)\b/i),
  cue('clinic-letter', 1, /\bclinic\s+today\b/i),
  cue('clinic-letter', 1, /\b(?:I\s+will|we\s+will)\s+(?:see|review)\s+(?:him|her|them)\b/i),

  // Referral letter
  title('referral-letter', /\b(?:referral(?:\s+(?:letter|form|request))?|request\s+for\s+(?:opinion|assessment))\b/i, true),
  cue('referral-letter', 3, /\bI\s+would\s+be\s+grateful\s+if\s+you\s+(?:could|would)\s+(?:see|assess|review)\b/i),
  cue('referral-letter', 2, /\b(?:reason\s+for\s+referral|Reason\s*:)/i),
  cue('referral-letter', 2, /\b(?:thank\s+you\s+for\s+seeing|urgent\s+referral|two[- ]week[- ]wait|2WW)\b/i),
  cue('referral-letter', 1, /\b(?:please\s+(?:could\s+you\s+)?(?:see|assess)|Dear\s+Colleagues?)\b/i),

  // Outpatient letter (appointment and outpatient correspondence)
  title('outpatient-letter', /\b(?:outpatient\s+(?:letter|appointment|correspondence)|appointment\s+letter)\b/i),
  cue('outpatient-letter', 2, /\b(?:your\s+appointment|appointment\s+(?:details|date|time))\b/i),
  cue('outpatient-letter', 1, /\b(?:outpatient\s+(?:department|clinic)|please\s+(?:bring|arrive))\b/i),

  // Operation note
  title('operation-note', /\b(?:(?:operation|operative|op)\s+(?:note|record|report)|procedure\s+note|surgical\s+note)\b/i),
  cue('operation-note', 2, /\bSurgeon\s*:/i),
  cue('operation-note', 2, /\bAnaesthetist\s*:/i),
  cue('operation-note', 1, /\b(?:Assistant|Anaesthe(?:tic|sia))\s*:/i),
  cue('operation-note', 1, /\bincision\b/i),
  cue('operation-note', 1, /\b(?:Closure\s*:|closed\s+with)/i),
  cue('operation-note', 2, /\b(?:estimated\s+blood\s+loss|EBL)\b/i),
  cue('operation-note', 2, /\bpost[- ]?op(?:erative)?\s+(?:instructions|plan)\b/i),
  cue('operation-note', 1, /\b(?:Procedure|Indications?)\s*:/i),

  // Radiology report
  title('radiology-report', /\b(?:radiology|imaging|x-?ray|CT|MRI|ultrasound|mammography|nuclear\s+medicine)\s+report\b/i),
  cue('radiology-report', 2, /\bExamination\s*:/i),
  cue('radiology-report', 2, /\bClinical\s+(?:details|history|indication|information)\s*:/i),
  cue('radiology-report', 2, /\bImpression\s*:/i),
  cue('radiology-report', 2, /\bComparison\s*:/i),
  cue('radiology-report', 2, /\b(?:Radiologist|Accession|Modality)\b/i),
  cue('radiology-report', 1, /\b(?:Conclusion|Findings|Technique)\s*:/i),
  cue('radiology-report', 1, /\b(?:Reported\s+by|contrast)\b/i),

  // Pathology / laboratory report
  title(
    'pathology-report',
    /\b(?:(?:pathology|laboratory|lab|histopathology|histology|cytology|microbiology|haematology|biochemistry|blood)\s+(?:report|results?)|cumulative\s+report)\b/i,
  ),
  cue('pathology-report', 2, /\bSpecimen\b/i),
  cue('pathology-report', 2, /\bLab(?:oratory)?\s*(?:No|Number|Ref)\b/i),
  cue('pathology-report', 2, /\b(?:Reference\s+range|Ref\.?\s+range)\b/i),
  cue('pathology-report', 2, /\b(?:Collected\s*:|Received\s*:|Date\s+(?:collected|received))/i),
  cue('pathology-report', 2, /\b(?:Macroscop(?:y|ic)|Microscop(?:y|ic))\b/i),
  cue('pathology-report', 2, /\d\s*(?:mmol\/L|g\/L|x\s?10\^?9\/L|U\/L|umol\/L|mg\/L)\s*\(?\s*\d+(?:\.\d+)?\s*-\s*\d/i),
  cue('pathology-report', 1, /\b(?:Authorised\s+by|Validated\s+by|Culture|Sensitivit(?:y|ies))\b/i),

  // Consent form
  title(
    'consent-form',
    /\b(?:consent\s+form|consent\s+to\s+(?:operation|treatment|investigation|procedure|surgery)|patient\s+agreement\s+to\s+investigation\s+or\s+treatment)\b/i,
  ),
  cue('consent-form', 3, /\bstatement\s+of\s+(?:patient|health\s+professional|interpreter)\b/i),
  cue('consent-form', 2, /\bI\s+(?:agree|consent)\b/i),
  cue('consent-form', 2, /\b(?:signature\s+of\s+(?:patient|health\s+professional|parent)|patient'?s?\s+signature)\b/i),
  cue('consent-form', 2, /\b(?:intended\s+benefits|confirmation\s+of\s+consent)\b/i),
  cue('consent-form', 1, /\b(?:serious\s+or\s+frequently\s+occurring\s+risks|withdraw\s+(?:my\s+)?consent)\b/i),

  // Drug chart
  title(
    'drug-chart',
    /\b(?:(?:drug|medication|medicines|prescription)\s+(?:chart|(?:and\s+)?administration\s+record)|inpatient\s+prescription(?:\s+(?:chart|and\s+administration\s+record))?|MAR\s+chart)\b/i,
  ),
  cue('drug-chart', 2, /\bRegular\s+(?:medications?|medicines|prescriptions)\b/i),
  cue('drug-chart', 2, /\b(?:As\s+required|PRN)\b/i),
  cue('drug-chart', 2, /\b(?:Once\s+only|STAT\s+doses?)\b/i),
  cue('drug-chart', 2, /\b(?:Given\s+by|Administered\s+by)\b/i),
  cue('drug-chart', 1, /\b(?:Route|Frequency)\b/i),
  cue('drug-chart', 1, /\b(?:Start\s+date|Stop\s+date|Pharmacy\s+check)\b/i),

  // Observation chart
  title(
    'observation-chart',
    /\b(?:NEWS\s*2?\s+(?:observations?\s+)?chart|observations?\s+chart|obs\s+chart|NEWS\s*2?\s+observations?|national\s+early\s+warning\s+score|vital\s+signs\s+(?:chart|record)|fluid\s+balance\s+chart)\b/i,
  ),
  cue('observation-chart', 2, /\b(?:Resp(?:iration|iratory)?\s+rate|RR)\b/i),
  cue('observation-chart', 2, /\bSp\s?O\s?2\b/i),
  cue('observation-chart', 2, /\b(?:ACVPU|AVPU|consciousness)\b/i),
  cue('observation-chart', 2, /\b(?:NEWS\s*2?\s+score|total\s+score|escalation)\b/i),
  cue('observation-chart', 1, /\b(?:Systolic|Heart\s+rate|Pulse)\b/i),

  // GP record (Lloyd George envelope and continuation cards)
  title('gp-record', /\b(?:Lloyd\s+George|GP\s+record|continuation\s+card|medical\s+record\s+envelope|general\s+practitioner'?s?\s+record)\b/i),
  cue('gp-record', 3, /\b(?:FP\s?[5-8]|EC\s?[5-8]|Executive\s+Council|NHS\s+Continuation)\b/i),
  cue('gp-record', 2, /\b(?:Medical\s+Card|Date\s+Clinical\s+notes|previous\s+doctor)\b/i),
  cue('gp-record', 1, /^NATIONAL\s+HEALTH\s+SERVICE$/m),
];
