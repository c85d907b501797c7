import { createReadStream, type ReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse';
import { RectoError } from '../core/errors.ts';
import { readHeader, readPatientRow, type ColumnPositions } from './csv-patient-row.ts';
import { InMemoryPatientIndex } from './in-memory-patient-index.ts';
import { formatNhsNumber } from '../core/nhs-number.ts';
import type { IndexedPatient, PatientIndex } from './patient-index.ts';

/**
 * The patient index as a CSV export from the trust's PAS (format in csv-patient-row.ts). The
 * whole file is validated before any of it is used: one bad row, or one NHS number listed twice,
 * makes the index INVALID_PATIENT_INDEX rather than silently ambiguous. Each lookup checks the
 * file's identity (inode, size, mtime) and reloads it when it changed, so a trust can drop in a
 * fresh export without restarting Recto. Replace the file atomically (write beside it, then
 * move): a lookup during a non-atomic copy sees a missing or changing file, reports
 * PATIENT_INDEX_UNAVAILABLE and is retried.
 */

export interface CsvPatientIndex extends PatientIndex {
  /** How many patients the file held when last read. */
  readonly size: number;
}

/** Reads and validates the file now, so a bad index stops start-up instead of the first match. */
export async function openCsvPatientIndex(filePath: string): Promise<CsvPatientIndex> {
  const index = new ReloadingCsvIndex(filePath);
  await index.current();
  return index;
}

class ReloadingCsvIndex implements CsvPatientIndex {
  private loaded: { identity: string; index: InMemoryPatientIndex } | null = null;
  /** A malformed file is not re-read on every lookup, only once it changes again. */
  private refused: { identity: string; error: RectoError } | null = null;
  private loading: Promise<InMemoryPatientIndex> | null = null;

  constructor(private readonly filePath: string) {}

  get size(): number {
    return this.loaded?.index.size ?? 0;
  }

  async findByNhsNumber(nhsNumber: string): Promise<IndexedPatient | null> {
    return (await this.current()).findByNhsNumber(nhsNumber);
  }

  async findByMrn(mrn: string): Promise<IndexedPatient[]> {
    return (await this.current()).findByMrn(mrn);
  }

  async findByNameAndBirthDate(family: string, birthDate: string): Promise<IndexedPatient[]> {
    return (await this.current()).findByNameAndBirthDate(family, birthDate);
  }

  /** The index for the file as it is now; concurrent lookups share one reload. */
  async current(): Promise<InMemoryPatientIndex> {
    const identity = identityOf(await this.statFile());
    if (this.loaded?.identity === identity) return this.loaded.index;
    if (this.refused?.identity === identity) throw this.refused.error;
    this.loading ??= loadCsvIndex(this.filePath)
      .then((fresh) => {
        this.loaded = fresh;
        this.refused = null;
        return fresh.index;
      })
      .catch((error: unknown) => {
        if (error instanceof RectoError && error.code === 'INVALID_PATIENT_INDEX') this.refused = { identity, error };
        throw error;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  private async statFile(): Promise<Stats> {
    try {
      return await stat(this.filePath);
    } catch (error) {
      throw unavailable(this.filePath, error);
    }
  }
}

function identityOf(stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

function unavailable(filePath: string, error: unknown): RectoError {
  const reason = error instanceof Error ? error.message : String(error);
  return new RectoError('PATIENT_INDEX_UNAVAILABLE', `patient index ${filePath} could not be read: ${reason}`, { cause: error });
}

async function loadCsvIndex(filePath: string): Promise<{ identity: string; index: InMemoryPatientIndex }> {
  const identityNow = async () => {
    try {
      return identityOf(await stat(filePath));
    } catch (error) {
      throw unavailable(filePath, error);
    }
  };
  const before = await identityNow();
  let patients: IndexedPatient[] = [];
  let failure: unknown = null;
  try {
    patients = await readPatients(filePath, createReadStream(filePath));
  } catch (error) {
    failure = error;
  }
  // A file being copied in place is not malformed, only unfinished: retry rather than condemn it.
  if ((await identityNow()) !== before) throw unavailable(filePath, 'the file changed while it was being read');
  if (failure) throw failure;
  if (patients.length === 0) {
    throw new RectoError('INVALID_PATIENT_INDEX', `${filePath}: the file has a header but no patients; is the export complete?`);
  }
  return { identity: before, index: new InMemoryPatientIndex(patients) };
}

async function readPatients(filePath: string, source: ReadStream): Promise<IndexedPatient[]> {
  // bom: spreadsheet exports often start with one; info: the line number for error messages.
  const parser = parse({ bom: true, skip_empty_lines: true, info: true });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  const patients: IndexedPatient[] = [];
  const lineOf = new Map<string, number>();
  let positions: ColumnPositions | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (positions === null) {
        positions = readHeader(filePath, record);
        continue;
      }
      const patient = readPatientRow(filePath, info.lines, record, positions);
      const earlier = lineOf.get(patient.nhsNumber);
      if (earlier !== undefined) {
        const number = formatNhsNumber(patient.nhsNumber);
        throw new RectoError('INVALID_PATIENT_INDEX', `${filePath}: NHS number ${number} is on line ${earlier} and line ${info.lines}; the index must hold each patient once`);
      }
      lineOf.set(patient.nhsNumber, info.lines);
      patients.push(patient);
    }
  } catch (error) {
    if (error instanceof RectoError) throw error;
    if (error instanceof CsvError) throw new RectoError('INVALID_PATIENT_INDEX', `${filePath}: ${error.message}`, { cause: error });
    throw unavailable(filePath, error);
  } finally {
    // Stopping at a bad row must not leave the file open.
    source.destroy();
  }
  if (positions === null) throw new RectoError('INVALID_PATIENT_INDEX', `${filePath}: the file is empty; a header row is required`);
  return patients;
}
