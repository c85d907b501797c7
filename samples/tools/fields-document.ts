// The fields-* samples: documents laid out freely (letters, reports, forms, charts, a Lloyd
// George card) rather than through the one letter template, each with the values a careful
// reader takes from the page. The generator writes those values to
// samples/expected/fields-<name>.json (format: samples/expected/FIELDS-FORMAT.md), so the
// page and its expected extraction come from one definition and cannot drift apart.

import type { DocumentTypeKey } from '../../src/extract/extracted-fields.ts';
import type { Block, Cell, Trust } from './letter.ts';
import { BODY } from './letter.ts';
import type { Paper } from './render.ts';

/**
 * The expected extraction, in FIELDS-FORMAT.md's shape without `file`. `null` = the page does
 * not show it (anything extracted is a false positive); a key left out = not scored, for
 * values a careful reader could not settle either (a drug chart's "author").
 */
export interface ExpectedFields {
  documentType: DocumentTypeKey;
  /** Valid 999-range numbers only, 10 digits, in order of first appearance. */
  nhsNumbers: string[];
  mrns: string[];
  patientName: { given: string[]; family: string } | null;
  birthDate: string | null;
  documentDate?: string | null;
  author?: string | null;
  department?: string | null;
}

export interface FieldsDocument {
  /** Printed blocks, one array per page. */
  pages: Block[][];
  /** Sheet size and margins; A4 when absent. */
  paper?: Paper;
  expected: ExpectedFields;
  /** NHS-number-shaped numbers printed on purpose that must FAIL modulus 11 (the generator checks). */
  invalidNhsNumbers?: string[];
}

// Builders, so a document reads like the page it prints. Sizes are px at 300 dpi (BODY = 11.5 pt).
export const SMALL = 40;
export const TITLE = 60;
export const HEADING = 56;

export const line = (text: string, space = 0, opts: { bold?: boolean; size?: number } = {}): Block => ({
  kind: 'line', text, align: 'left', size: opts.size ?? BODY, bold: opts.bold, space,
});

export const right = (text: string, space = 0, opts: { bold?: boolean; size?: number } = {}): Block => ({
  kind: 'line', text, align: 'right', size: opts.size ?? BODY, bold: opts.bold, space,
});

export const heading = (text: string, space = 0.8): Block => line(text, space, { bold: true, size: HEADING });

export const para = (text: string, space = 0.5, size = BODY): Block => ({ kind: 'para', text, size, space });

export const rule = (space = 0.3): Block => ({ kind: 'rule', space });

/** Cells as [mm from the left margin, text] pairs. */
export const row = (
  cells: Array<[number, string]>,
  opts: { space?: number; bold?: boolean; grid?: boolean; size?: number } = {},
): Block => ({
  kind: 'row',
  cells: cells.map(([at, text]): Cell => ({ at, text })),
  size: opts.size ?? BODY,
  bold: opts.bold,
  grid: opts.grid,
  space: opts.space ?? 0,
});

/** The right-aligned NHS letterhead: trust, department, address, then any contact lines. */
export function letterhead(trust: Trust, contacts: string[] = [trust.phone]): Block[] {
  return [
    right(trust.name, 0, { bold: true, size: TITLE }),
    right(trust.department, 0.2, { size: 42 }),
    right(trust.address, 0, { size: 42 }),
    ...contacts.map((text) => right(text, 0, { size: 42 })),
    rule(),
  ];
}

/** "Yours sincerely," then a pen signature, then the printed name and title lines. */
export function signOff(closing: string, printed: string[], space = 0.8): Block[] {
  return [line(closing, space), { kind: 'signature', space: 0 }, ...printed.map((text) => line(text))];
}
