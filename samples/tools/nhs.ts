// NHS number helpers. The samples may only use invented numbers from the 999 test range,
// and each must pass the modulus-11 check so that the pipeline's validator accepts it
// (a sample whose number fails the check would test the wrong thing).

import { isValidNhsNumber } from '../../src/core/nhs-number.ts';

/** The pipeline's own modulus-11 check, so the samples are held to exactly what Recto accepts. */
export { isValidNhsNumber };

/** True when the number is in the range reserved for testing (999 000 0000 - 999 999 9999). */
export function isTestRange(digits: string): boolean {
  return digits.startsWith('999');
}

/** "9991234567" -> "999 123 4567", the 3-3-4 grouping printed on NHS letters. */
export function formatNhsNumber(digits: string): string {
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

/** Throws unless the number is a valid test-range number; the generator calls this for every document. */
export function assertTestNhsNumber(digits: string): string {
  if (!isTestRange(digits) || !isValidNhsNumber(digits)) {
    throw new Error(`NHS number ${digits} is not a valid 999-range test number`);
  }
  return digits;
}
