import { RectoError } from '../core/errors.ts';
import { normaliseMrn } from './in-memory-patient-index.ts';
import { compactNhsNumber, isValidNhsNumber } from '../core/nhs-number.ts';
import type { IndexedPatient } from './patient-index.ts';

/**
 * The CSV patient index format: a header row naming the columns (any order, any case, extra
 * columns ignored), then one patient per row.
 *
 *   nhs_number,given,family,birth_date,mrn,gp_practice_ods
 *   9990123470,Jane Ann,Smith,1950-02-01,NB4417203;RX1234567,A81001
 *
 * | column          | required | value |
 * |-----------------|----------|-------|
 * | nhs_number      | yes      | 10 digits passing the modulus 11 check; spaces allowed ("999 012 3470") |
 * | given           | yes      | given names separated by spaces, first name first; may be empty |
 * | family          | yes      | family name, not empty |
 * | birth_date      | yes      | YYYY-MM-DD (ISO); DD/MM/YYYY is refused so US-style exports cannot swap day and month |
 * | mrn             | no       | hospital numbers, several separated by ";" |
 * | gp_practice_ods | no       | the registered GP practice's ODS code, e.g. A81001 |
 */

export const REQUIRED_COLUMNS = ['nhs_number', 'given', 'family', 'birth_date'] as const;
export const OPTIONAL_COLUMNS = ['mrn', 'gp_practice_ods'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** Where each known column sits in a row. */
export type ColumnPositions = Partial<Record<Column, number>>;

const ODS_CODE = /^[A-Z0-9]{3,10}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function invalid(file: string, message: string): RectoError {
  return new RectoError('INVALID_PATIENT_INDEX', `${file}: ${message}`);
}

export function readHeader(file: string, header: string[]): ColumnPositions {
  const positions: ColumnPositions = {};
  header.forEach((name, position) => {
    const column = name.trim().toLowerCase() as Column;
    if (!(REQUIRED_COLUMNS as readonly string[]).includes(column) && !(OPTIONAL_COLUMNS as readonly string[]).includes(column)) return;
    if (positions[column] !== undefined) throw invalid(file, `the header names column "${column}" twice`);
    positions[column] = position;
  });
  const missing = REQUIRED_COLUMNS.filter((column) => positions[column] === undefined);
  if (missing.length > 0) {
    throw invalid(file, `the header row lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].join(',')})`);
  }
  return positions;
}

/** One row as a patient; throws INVALID_PATIENT_INDEX naming the line and the column at fault. */
export function readPatientRow(file: string, line: number, row: string[], positions: ColumnPositions): IndexedPatient {
  const cell = (column: Column) => (positions[column] === undefined ? '' : (row[positions[column]] ?? '').trim());
  const fault = (message: string) => invalid(file, `line ${line}: ${message}`);

  const nhsNumber = compactNhsNumber(cell('nhs_number'));
  if (!isValidNhsNumber(nhsNumber)) {
    throw fault(`nhs_number "${cell('nhs_number')}" is not a valid NHS number (10 digits passing the modulus 11 check)`);
  }
  const family = cell('family');
  if (family === '') throw fault('family is empty');
  const birthDate = cell('birth_date');
  if (!isCalendarDate(birthDate)) throw fault(`birth_date "${birthDate}" is not a real date written YYYY-MM-DD`);
  const gpPracticeOds = cell('gp_practice_ods').toUpperCase();
  if (gpPracticeOds !== '' && !ODS_CODE.test(gpPracticeOds)) {
    throw fault(`gp_practice_ods "${cell('gp_practice_ods')}" is not an ODS code (3 to 10 letters and digits)`);
  }
  const mrns = cell('mrn')
    .split(';')
    .map(normaliseMrn)
    .filter((mrn) => mrn !== '');

  return {
    nhsNumber,
    given: cell('given').split(/\s+/).filter((name) => name !== ''),
    family,
    birthDate,
    mrns,
    ...(gpPracticeOds ? { gpPracticeOds } : {}),
  };
}

function isCalendarDate(text: string): boolean {
  const parts = ISO_DATE.exec(text);
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
