import type { ExtractedValue } from './extracted-fields.ts';
import { type Candidate, bestCandidate, findLabelled } from './labels.ts';
import { POST_NOMINAL, parsePersonName } from './person-name.ts';
import { type PageText, evidenceFor } from './word-spans.ts';

/**
 * Who wrote the document and which department sent it. The author is the name under the
 * sign-off ("Yours sincerely" … "Dr X", "Consultant …") or after "Author:" / "Dictated by:".
 * The department is read from a label or from the letterhead: the lines above the letter's
 * date and addressee, never from the address block below (that is the receiving department).
 */

const SIGN_OFF = /\b(?:Yours\s+(?:sincerely|faithfully|truly)|(?:With\s+)?(?:Kind|Best|Warm|Many)\s+(?:regards|wishes|thanks)|Regards)\b/i;
/** Lines to look through below a sign-off or label for the signer's name. */
const SIGNATURE_LOOKAHEAD = 4;
const ROLE = /\b(?:Consultant|Registrar|Doctor|Surgeon|Physician|Nurse|Specialist|GP|Radiologist|Pathologist|Sister|Practitioner|Foundation|Trainee|Fellow|Lecturer|Professor|Clinician|Therapist|Midwife|Pharmacist|Dietitian|Anaesthetist)\b/i;

const AUTHOR_LABELS: { label: RegExp; priority: number }[] = [
  { label: /\b(?:Author|Signed(?:\s*by)?|(?:Letter|Written|Completed|Prepared|Summary\s*completed)\s*by)\b(?=\s*:)/gi, priority: 6 },
  {
    label:
      /\b(?:Dictated\s*by|Reported\s*by|Verified\s*by|Authorised\s*by|(?:Operating\s*|Lead\s*)?Surgeon|Discharging\s*(?:clinician|doctor|consultant)|Clinician)\b(?=\s*:)/gi,
    priority: 5,
  },
  // The clinician responsible, who did not necessarily write it: weaker than a signature.
  { label: /\b(?:Responsible\s*)?(?:Consultant|health\s*professional|clinician)\b(?=\s*:?\s*(?:Dr|Mr|Mrs|Ms|Miss|Prof)\b)/gi, priority: 3 },
];

/** A clinician's name as a line or value starts with it; post-nominals dropped from the value. */
function clinicianAt(
  start: number,
  text: string,
  roleFollows: boolean,
): { value: string; start: number; end: number } | undefined {
  // A form's signature box: "Name (PRINT): Mr Theodore Blakemore".
  const printed = /^\s*(?:Print(?:ed)?\s*name|Name)\s*(?:\(\s*print\s*\))?\s*:\s*/i.exec(text)?.[0].length ?? 0;
  const parsed = parsePersonName(text.slice(printed));
  if (!parsed) return undefined;
  const afterName = text.slice(printed + parsed.length).trim();
  const hasPostNominal = afterName.split(/\s+/).some((word) => POST_NOMINAL.test(word));
  // Without a title the name must be vouched for by letters after it or a role on the next line.
  if (!parsed.hasTitle && !hasPostNominal && !roleFollows) return undefined;
  const words = parsed.name.text.split(/\s+/);
  while (words.length > 1 && POST_NOMINAL.test(words[words.length - 1])) words.pop();
  const value = words.join(' ');
  const nameStart = printed + (/^\s*/.exec(text.slice(printed))?.[0].length ?? 0);
  return { value, start: start + nameStart, end: start + nameStart + value.length };
}

/**
 * The first clinician's name in the lines from `firstLine` on. The signature itself is often a
 * scrawl OCR turns into noise ("~—"), so the name may be a few lines further down.
 */
function clinicianBelow(pageText: PageText, firstLine: number): { value: string; start: number; end: number } | undefined {
  for (const line of pageText.lines.slice(firstLine, firstLine + SIGNATURE_LOOKAHEAD)) {
    const next = pageText.lines[line.index + 1];
    const clinician = clinicianAt(line.start, line.text, Boolean(next && ROLE.test(next.text)));
    if (clinician) return clinician;
  }
  return undefined;
}

function authorCandidate(pageText: PageText, found: { value: string; start: number; end: number }, priority: number, label: string) {
  const evidence = evidenceFor(pageText, found.start, found.end);
  return evidence ? [{ value: found.value, key: found.value.toLowerCase(), evidence, priority, label }] : [];
}

function signatureAuthors(pageTexts: PageText[]): Candidate<string>[] {
  return pageTexts.flatMap((pageText) =>
    pageText.lines
      .filter((line) => SIGN_OFF.test(line.text))
      .flatMap((line) => {
        const clinician = clinicianBelow(pageText, line.index + 1);
        return clinician ? authorCandidate(pageText, clinician, 5, line.text.trim()) : [];
      }),
  );
}

function labelledAuthors(pageTexts: PageText[]): Candidate<string>[] {
  const found: Candidate<string>[] = [];
  for (const rule of AUTHOR_LABELS) {
    for (const hit of findLabelled(pageTexts, rule.label)) {
      const { pageText } = hit;
      let clinician: { value: string; start: number; end: number } | undefined;
      if (hit.valueStart <= hit.line.end) {
        // "Author: Dr X" on one line.
        const next = pageText.lines[hit.line.index + 1];
        const onLine = clinicianAt(hit.valueStart, hit.value, Boolean(next && ROLE.test(next.text)));
        clinician = onLine;
      } else {
        // "Discharging clinician:" ending its line, a signature, then the name.
        clinician = clinicianBelow(pageText, hit.line.index + 1);
      }
      if (clinician) found.push(...authorCandidate(pageText, clinician, rule.priority, hit.label));
    }
  }
  return found;
}

export function extractAuthor(pageTexts: PageText[]): ExtractedValue | undefined {
  return bestCandidate([...labelledAuthors(pageTexts), ...signatureAuthors(pageTexts)], { conflictsAmong: 'same-priority' });
}

const SPECIALTY =
  /\b(?:cardio\w*|gastro\w*|haematolog\w*|hematolog\w*|medicine|dermatolog\w*|ENT|otolaryngolog\w*|stroke|diabet\w*|endocrin\w*|orthogeriatric\w*|geriatric\w*|older people|elderly|respiratory|orthopaedic\w*|trauma|paediatric\w*|surgery|surgical|radiolog\w*|imaging|patholog\w*|histopatholog\w*|microbiolog\w*|biochemistry|oncolog\w*|neurolog\w*|neurosurg\w*|urolog\w*|ophthalmolog\w*|eye|rheumatolog\w*|renal|nephrolog\w*|obstetric\w*|gynaecolog\w*|maternity|psychiatr\w*|mental health|emergency|A&E|critical care|intensive care|anaesthe\w*|physiotherapy|dietetics|audiology|breast|vascular|plastic|maxillofacial|dental|orthodontic\w*|sexual health|infectious diseases|hepatolog\w*|colorectal|palliative|pain|sleep|memory|cardiothoracic|spinal|acute medical|urgent care|fracture|endoscopy|neonat\w*|urology|blood sciences|general practice)\b/i;
const DEPARTMENT_WORD = /\b(?:Department|Dept|Unit|Clinic|Service|Outpatients?|Ward|Directorate|Division)\b/i;
/** Lines that are the trust, the hospital's address or contact details, not a department. */
const NOT_DEPARTMENT =
  /\d|@|www\.|\b(?:NHS|National Health Service|Trust|Tel|Telephone|Fax|Email|Road|Street|Lane|Way|Avenue|Surgery|Practice|Health Centre)\b/i;
/** Where the letterhead ends: the date, the addressee, the patient block. */
const LETTERHEAD_END = /^(?:Date|Dated|Patient|Re|Dear|NHS|DOB|D\.O\.B|Name|To|Our ref|Your ref)\b/i;
/** A letterhead is a handful of lines; further down is the letter. */
const LETTERHEAD_MAX_LINES = 10;
/** Parts of a letterhead line that name a place, not a department ("Beech Ward", "Neonatal Unit"). */
const PLACE = /\b(?:Ward|Suite|Floor|Level|Building|Wing|Unit)\b/i;

/** "Respiratory Medicine, Beech Ward" → "Respiratory Medicine"; "Larch Ward, Geriatric Medicine" → "Geriatric Medicine". */
function departmentAt(pageText: PageText, text: string, start: number, priority: number, label?: string): Candidate<string> | undefined {
  const parts = [...text.matchAll(/[^,]+/g)].map((part) => ({ text: part[0].trim(), at: (part.index ?? 0) + part[0].search(/\S/) }));
  const kept = parts.length > 1 ? (parts.find((part) => !PLACE.test(part.text)) ?? parts[0]) : parts[0];
  if (!kept || kept.text === '') return undefined;
  const evidence = evidenceFor(pageText, start + kept.at, start + kept.at + kept.text.length);
  return evidence ? { value: kept.text, key: kept.text.toLowerCase(), evidence, priority, label } : undefined;
}

function letterheadDepartments(pageTexts: PageText[]): Candidate<string>[] {
  const pageText = pageTexts[0];
  if (!pageText) return [];
  const found: Candidate<string>[] = [];
  for (const line of pageText.lines) {
    if (LETTERHEAD_END.test(line.text.trim()) || line.index >= LETTERHEAD_MAX_LINES) break;
    const text = line.text.trim();
    if (NOT_DEPARTMENT.test(text) && !/\bDep(?:artmen)?t\b/i.test(text)) continue;
    if (/\b(?:Hospital|Infirmary)\b/i.test(text) && !DEPARTMENT_WORD.test(text)) continue;
    // The document's own title ("Clinical Biochemistry Report") names a specialty but is not the sender.
    if (/\b(?:Report|Letter|Summary|Note|Chart|Form|Record|Card|Referral)\s*$/i.test(text)) continue;
    const score = (SPECIALTY.test(text) ? 2 : 0) + (DEPARTMENT_WORD.test(text) ? 2 : 0);
    if (score === 0 || text.split(/\s+/).length > 7) continue;
    const candidate = departmentAt(pageText, text, line.start + line.text.indexOf(text), 2 + score);
    if (candidate) found.push(candidate);
  }
  return found;
}

function labelledDepartments(pageTexts: PageText[]): Candidate<string>[] {
  const found: Candidate<string>[] = [];
  const label = /\b(?:Department|Dept|Speciality|Specialty|Directorate)\b\.?(?=\s*:)/gi;
  for (const hit of findLabelled(pageTexts, label)) {
    const text = hit.value.split(/\s{2,}|\s+(?=[A-Z][a-z]+\s*:)/)[0].trim();
    if (text === '' || /\d/.test(text) || text.split(/\s+/).length > 7) continue;
    const candidate = departmentAt(hit.pageText, text, hit.valueStart, 8, hit.label);
    if (candidate) found.push(candidate);
  }
  return found;
}

export function extractDepartment(pageTexts: PageText[]): ExtractedValue | undefined {
  return bestCandidate([...labelledDepartments(pageTexts), ...letterheadDepartments(pageTexts)], {
    conflictsAmong: 'same-priority',
  });
}
