/**
 * The one NHS number check, used by extraction, matching, the review API and the sinks. An NHS
 * number is ten digits whose last digit is a modulus 11 check digit over the first nine
 * (weights 10 down to 2); a remainder giving check digit 10 means the number was never issued.
 */

const TEN_DIGITS = /^\d{10}$/;

export function isValidNhsNumber(candidate: string): boolean {
  if (!TEN_DIGITS.test(candidate)) return false;
  // Repeated digits (0000000000, 1111111111) pass the arithmetic but are never issued.
  if (/^(\d)\1{9}$/.test(candidate)) return false;
  let weighted = 0;
  for (let position = 0; position < 9; position++) weighted += Number(candidate[position]) * (10 - position);
  const check = (11 - (weighted % 11)) % 11;
  return check !== 10 && check === Number(candidate[9]);
}

/** Removes the spaces and dashes people write inside NHS numbers ("999 012 3470", "999-012-3470"). */
export function compactNhsNumber(written: string): string {
  return written.replace(/[\s-]/g, '');
}

/** The 3-3-4 form NHS staff read and write, for messages shown to people. */
export function formatNhsNumber(nhsNumber: string): string {
  return TEN_DIGITS.test(nhsNumber) ? `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}` : nhsNumber;
}
