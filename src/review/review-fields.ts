import type { FoundAt } from '../extract/extracted-fields.ts';
import type { JsonValue } from '../storage/storage.ts';

/**
 * The values in a review item's extraction that were read somewhere on the page, by a path a
 * URL can carry: `birthDate`, `patientName`, `nhsNumbers.0`, `mrns.1`.
 */
export interface LocatedValue {
  path: string;
  value: JsonValue;
  confidence: number;
  corrected: boolean;
  foundAt: FoundAt;
  /** Whose it is, when the page labels it as someone else's (other-person values). */
  who?: string;
  /** Why it could not be used (unreadable NHS numbers). */
  problem?: string;
}

export function locatedValues(extracted: JsonValue): LocatedValue[] {
  if (!isObject(extracted)) return [];
  const located: LocatedValue[] = [];
  const visit = (path: string, candidate: JsonValue | undefined) => {
    if (!isObject(candidate) || !isObject(candidate.foundAt)) return;
    located.push({
      path,
      value: candidate.value ?? null,
      confidence: typeof candidate.confidence === 'number' ? candidate.confidence : 0,
      corrected: candidate.corrected === true,
      foundAt: candidate.foundAt as unknown as FoundAt,
      ...(typeof candidate.who === 'string' ? { who: candidate.who } : {}),
      ...(typeof candidate.problem === 'string' ? { problem: candidate.problem } : {}),
    });
  };
  for (const [field, entry] of Object.entries(extracted)) {
    if (Array.isArray(entry)) entry.forEach((value, index) => visit(`${field}.${index}`, value));
    else visit(field, entry);
  }
  return located;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
