import type { PersonName } from '../extract/extracted-fields.ts';

/**
 * When the name on a document "agrees" with the index. Deliberately strict: a disagreement only
 * costs a person a look, a false agreement could file a letter in the wrong record.
 *
 * - Family name: equal after normalising (case, accents, hyphens, apostrophes, spaces, dots), so
 *   "O'Brien" = "OBRIEN" and "Smith-Jones" = "Smith Jones", but "Smith" ≠ "Smith-Jones".
 * - First given name: when the document shows only an initial ("J. Smith", "Mrs J Smith"), the
 *   initial must match the index's first given name; when it shows a whole name, the whole
 *   normalised name must equal the index's first given name ("Jim" ≠ "James": review).
 * - Both parts must be on the document: a family name alone is not enough.
 */

export type NameComparison = { agrees: boolean; detail: string };

/**
 * Letters only, lower case, accents removed. Letters of any script are kept, so a name written
 * in a script without Latin letters never normalises to "" and "agrees" with another such name.
 */
export function normaliseNamePart(part: string): string {
  return part
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');
}

/** Which part of the name the document lacks ("family name", "first name or initial"), or null. */
export function missingNamePart(onDocument: PersonName): string | null {
  if (normaliseNamePart(onDocument.family) === '') return 'family name';
  if (normaliseNamePart(onDocument.given[0] ?? '') === '') return 'first name or initial';
  return null;
}

/** Compares a complete name (see missingNamePart) with an index entry. */
export function compareNames(onDocument: PersonName, inIndex: { given: string[]; family: string }): NameComparison {
  const documentFamily = normaliseNamePart(onDocument.family);
  const documentFirst = normaliseNamePart(onDocument.given[0] ?? '');
  const indexFamily = normaliseNamePart(inIndex.family);
  const indexFirst = normaliseNamePart(inIndex.given[0] ?? '');
  const indexName = [...inIndex.given, inIndex.family].join(' ');
  if (documentFamily !== indexFamily) {
    return { agrees: false, detail: `family name "${onDocument.family}" differs from the index's "${inIndex.family}"` };
  }
  if (indexFirst === '') {
    return { agrees: false, detail: `the index holds no given name for ${indexName}, so "${onDocument.given[0]}" cannot be confirmed` };
  }
  const initialOnly = documentFirst.length === 1;
  const firstAgrees = initialOnly ? indexFirst.startsWith(documentFirst) : documentFirst === indexFirst;
  if (!firstAgrees) {
    const what = initialOnly ? 'initial' : 'first name';
    return { agrees: false, detail: `${what} "${onDocument.given[0]}" differs from the index's "${inIndex.given[0]}"` };
  }
  const how = initialOnly ? 'family name and first initial agree' : 'family name and first name agree';
  return { agrees: true, detail: `${how} with ${indexName}` };
}
