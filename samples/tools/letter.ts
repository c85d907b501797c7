// The shape of an invented clinical document and how it is laid out as a sequence of
// printed blocks. Keeping the layout here (not in the renderer) means every sample shares
// one realistic NHS letter template: trust header, date, patient identifiers, heading,
// prose, sign-off, so the pipeline sees the same field positions a real trust would print.

import { formatNhsNumber } from './nhs.ts';

export interface Trust {
  name: string;
  department: string;
  address: string;
  phone: string;
}

export interface Patient {
  name: string; // with title, e.g. "Mr Arthur Pennington"
  dob: string; // dd/mm/yyyy
  nhsNumber: string; // 10 digits, no spaces
  hospitalNo: string;
  address: string;
}

export interface ClinicalDocument {
  trust: Trust;
  date: string;
  heading: string;
  patient: Patient;
  /** Structured lines printed under the heading, e.g. "Diagnosis: ...". */
  facts?: string[];
  /** Addressee block for letters; discharge summaries have none. */
  recipient?: string[];
  salutation?: string;
  /** Paragraphs of prose, one array per printed page. */
  pages: string[][];
  signOff: string[];
  cc?: string;
}

/** One printed element. `space` is the vertical gap before it, in body line-heights. */
export type Block =
  | { kind: 'line'; text: string; align: 'left' | 'right'; size: number; bold?: boolean; space: number }
  | { kind: 'para'; text: string; size: number; space: number }
  | { kind: 'rule'; space: number }
  | { kind: 'signature'; space: number }
  | { kind: 'row'; cells: Cell[]; size: number; bold?: boolean; grid?: boolean; space: number };

/**
 * One cell of a table-like row (charts, forms, lab results): text starting `at` mm right of the
 * left margin. A gridded row outlines each cell up to the next cell's start (or the right margin),
 * like the printed boxes of a chart. The golden line is the non-empty cells joined by spaces.
 */
export interface Cell {
  at: number;
  text: string;
}

// Font sizes in px at 300 dpi: body 48 px is 11.5 pt, the size most trust templates use.
export const BODY = 48;
const SMALL = 42;
const TITLE = 60;
const HEADING = 56;

function headerBlocks(doc: ClinicalDocument): Block[] {
  const t = doc.trust;
  return [
    { kind: 'line', text: t.name, align: 'right', size: TITLE, bold: true, space: 0 },
    { kind: 'line', text: t.department, align: 'right', size: SMALL, space: 0.2 },
    { kind: 'line', text: t.address, align: 'right', size: SMALL, space: 0 },
    { kind: 'line', text: t.phone, align: 'right', size: SMALL, space: 0 },
    { kind: 'rule', space: 0.3 },
  ];
}

const left = (text: string, space = 0, bold = false): Block => ({
  kind: 'line', text, align: 'left', size: BODY, bold, space,
});

/** Blocks for page `index` (zero-based) of a document. */
export function pageBlocks(doc: ClinicalDocument, index: number): Block[] {
  const p = doc.patient;
  const nhs = `NHS No: ${formatNhsNumber(p.nhsNumber)}`;
  const total = doc.pages.length;
  const blocks: Block[] = headerBlocks(doc);

  if (index === 0) {
    blocks.push(left(`Date: ${doc.date}`, 0.6));
    if (doc.recipient) {
      doc.recipient.forEach((line, i) => blocks.push(left(line, i === 0 ? 0.8 : 0)));
    }
    blocks.push(left(`Patient: ${p.name}`, 0.8), left(`DOB: ${p.dob}`), left(nhs));
    blocks.push(left(`Hospital No: ${p.hospitalNo}`), left(`Address: ${p.address}`));
    blocks.push({ kind: 'line', text: doc.heading, align: 'left', size: HEADING, bold: true, space: 0.8 });
    (doc.facts ?? []).forEach((line, i) => blocks.push(left(line, i === 0 ? 0.5 : 0)));
    if (doc.salutation) blocks.push(left(doc.salutation, 0.8));
  } else {
    // Continuation sheets repeat the identifiers, as trusts require on every page.
    blocks.push(left(`${doc.heading} (continued)`, 0.6, true));
    blocks.push(left(`Patient: ${p.name}`, 0.4), left(`${nhs} Hospital No: ${p.hospitalNo}`));
  }

  const paras = doc.pages[index] ?? [];
  paras.forEach((text) => blocks.push({ kind: 'para', text, size: BODY, space: 0.5 }));

  if (index === total - 1) {
    blocks.push(left(doc.signOff[0] ?? '', 0.8));
    blocks.push({ kind: 'signature', space: 0 });
    doc.signOff.slice(1).forEach((line) => blocks.push(left(line)));
    if (doc.cc) blocks.push(left(doc.cc, 0.6));
  }
  if (total > 1) {
    blocks.push({ kind: 'line', text: `Page ${index + 1} of ${total}`, align: 'right', size: SMALL, space: 0.8 });
  }
  return blocks;
}
