import { access, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { RectoError } from '../../core/errors.ts';
import { formatNhsNumber, isValidNhsNumber } from '../../core/nhs-number.ts';
import type { DeliverableDocument, DeliveryReceipt, DocumentSink } from '../sink.ts';
import { createFileDurablyOnce, replaceFileDurably } from '../../core/durable-write.ts';
import { parseFileDropConfig, type FileDropConfigInput } from './file-drop-config.ts';
import { lloydGeorgeFileName } from './lloyd-george-name.ts';
import { ledgerKeyFor, refreshMetadataCsv } from './metadata-csv.ts';
import { metadataRowFor } from './metadata-row.ts';

/**
 * Drops filed documents as Lloyd George records for a scanning supplier or the national bulk
 * upload: `<folder>/<GP ODS code>/1of1_Lloyd_George_Record_[Name]_[NHS number]_[DD-MM-YYYY].pdf`
 * plus one row each in `<folder>/metadata.csv` (columns in metadata-row.ts). One PDF per document.
 *
 * Nothing half-done is ever visible: the PDF appears by rename once complete, and its CSV row is
 * added (by atomic rewrite, metadata-csv.ts) only after the PDF is in place. Delivering a
 * document twice leaves one file and one row. The convention names the file after the patient,
 * so a second, different document for the same patient would need the same name: the national
 * upload takes one record per patient, so it is refused (SINK_REJECTED) rather than overwriting
 * or renumbering files the consumer may already have read.
 *
 * Bookkeeping lives in `<folder>/.recto/`: `claims/<NHS number>.json` says which document owns
 * the patient's record and its file name, `rows/` holds each delivered document's CSV row (the
 * truth metadata.csv is rebuilt from).
 */
export function createFileDropSink(input: FileDropConfigInput, clock: { now: () => Date } = { now: () => new Date() }): DocumentSink {
  const config = parseFileDropConfig(input);
  const claimsFolder = path.join(config.folder, '.recto', 'claims');
  const rowsFolder = path.join(config.folder, '.recto', 'rows');
  const csvPath = path.join(config.folder, 'metadata.csv');

  async function deliver(document: DeliverableDocument): Promise<DeliveryReceipt> {
    const place = placeFor(document);
    await mkdir(claimsFolder, { recursive: true });
    await mkdir(rowsFolder, { recursive: true });

    // One record per patient: the claim is keyed by NHS number and names the owning document
    // and its file, so a re-delivery uses the first file name even if the name was since corrected.
    const claimFile = path.join(claimsFolder, `${document.patient.nhsNumber}.json`);
    const claimedNow = await createFileDurablyOnce(claimFile, JSON.stringify({ documentId: document.documentId, filePath: place.filePath }));
    const claim = claimedNow ? { documentId: document.documentId, filePath: place.filePath } : await readClaim(claimFile);
    if (claim.documentId !== document.documentId) {
      throw new RectoError(
        'SINK_REJECTED',
        `the drop already holds a Lloyd George record for NHS number ${formatNhsNumber(document.patient.nhsNumber)} (${claim.filePath}, from document ${claim.documentId}); the national upload takes one record per patient: merge the scans into one document, or deliver to a new drop folder`,
      );
    }
    const target = path.join(config.folder, ...claim.filePath.split('/'));
    const rowFile = path.join(rowsFolder, ledgerKeyFor(claim.filePath));
    const receipt = (alreadyDelivered: boolean): DeliveryReceipt => ({ sink: config.name, remoteId: claim.filePath, alreadyDelivered });

    if (!claimedNow && (await exists(rowFile))) {
      // Delivered before. The consumer may have taken the PDF already: leave the folder as it is.
      await refreshMetadataCsv(csvPath, rowsFolder);
      return receipt(true);
    }
    // A file under a name just claimed is someone else's, unless a concurrent delivery of this
    // same document (which saw the claim) wrote it a moment ago: then it holds these very bytes.
    if (claimedNow && (await holdsOtherContent(target, document.pdf))) {
      await rm(claimFile, { force: true });
      throw new RectoError('SINK_REJECTED', `${target} is already in the drop but was not put there by Recto for document ${document.documentId}; move it away, then re-deliver`);
    }

    // This document owns the name and has no row yet: (re)write the PDF, then its row.
    await mkdir(path.dirname(target), { recursive: true });
    await replaceFileDurably(target, document.pdf);
    const gpPracticeOds = claim.filePath.split('/')[0];
    const row = metadataRowFor(document, claim.filePath, gpPracticeOds, config, clock.now());
    const rowCreated = await createFileDurablyOnce(rowFile, JSON.stringify({ documentId: document.documentId, row }));
    await refreshMetadataCsv(csvPath, rowsFolder);
    return receipt(!rowCreated);
  }

  return {
    name: config.name,
    async deliver(document) {
      try {
        return await deliver(document);
      } catch (error) {
        if (error instanceof RectoError) throw error;
        // Disk full, permissions, a share gone away: the folder may work again later.
        const reason = error instanceof Error ? error.message : String(error);
        throw new RectoError('SINK_UNAVAILABLE', `file drop ${config.folder}: ${reason}`, { cause: error });
      }
    },
  };
}

/** `<GP ODS code>/<convention file name>`; refuses for good what can never be named. */
function placeFor(document: DeliverableDocument): { filePath: string } {
  const { patient } = document;
  const problems: string[] = [];
  const gpPracticeOds = (patient.gpPracticeOds ?? '').toUpperCase();
  if (!/^[A-Z0-9]{3,10}$/.test(gpPracticeOds)) problems.push('the patient has no registered GP practice ODS code (GP-PRACTICE-CODE is required)');
  if (!isValidNhsNumber(patient.nhsNumber)) problems.push('the patient has no valid NHS number');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(patient.birthDate)) problems.push('the patient has no date of birth (YYYY-MM-DD)');
  if (document.pdf.length === 0) problems.push('the PDF is empty');
  const fileName = lloydGeorgeFileName(patient);
  if (fileName === null) problems.push('the patient name has no letters the Lloyd George file name convention allows');
  if (problems.length > 0 || fileName === null) {
    throw new RectoError('SINK_REJECTED', `document ${document.documentId} cannot be dropped as a Lloyd George record: ${problems.join('; ')}`);
  }
  return { filePath: `${gpPracticeOds}/${fileName}` };
}

async function readClaim(claimFile: string): Promise<{ documentId: string; filePath: string }> {
  return JSON.parse(await readFile(claimFile, 'utf8'));
}

async function holdsOtherContent(file: string, expected: Buffer): Promise<boolean> {
  try {
    return !(await readFile(file)).equals(expected);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
