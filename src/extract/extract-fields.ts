import type { OcrResult } from '../core/types.ts';
import { extractAuthor, extractDepartment } from './author-department.ts';
import { classifyDocument } from './classify-document.ts';
import { extractBirthDate, extractDocumentDate, extractOtherPersonsBirthDates } from './dates.ts';
import type { ExtractedFields } from './extracted-fields.ts';
import { type ExtractionConfig, parseExtractionConfig, referenceDateOf } from './extraction-config.ts';
import { extractMrns } from './mrn.ts';
import { extractPatientName } from './names.ts';
import { readNhsNumbers } from './find-nhs-numbers.ts';
import { buildPageTexts } from './word-spans.ts';

/**
 * Everything Recto reads off a document's OCR, each value with its page, box and confidence.
 * Pure and synchronous: the same OCR and config always give the same fields.
 */
export function extractFields(pages: OcrResult[], config: ExtractionConfig = parseExtractionConfig()): ExtractedFields {
  const pageTexts = buildPageTexts(pages);
  const referenceDate = referenceDateOf(config);
  const documentDate = extractDocumentDate(pageTexts, referenceDate);
  const nhsNumbers = readNhsNumbers(pageTexts, config);
  const fields: ExtractedFields = {
    nhsNumbers: nhsNumbers.patient,
    otherPersonsNhsNumbers: nhsNumbers.otherPersons,
    unreadableNhsNumbers: nhsNumbers.unreadable,
    mrns: extractMrns(pageTexts, config),
    documentType: classifyDocument(pageTexts, config.documentTypeMinScore),
  };
  const patientName = extractPatientName(pageTexts);
  // Nobody is born after the document about them was written.
  const birthDate = extractBirthDate(pageTexts, documentDate?.value ?? referenceDate);
  fields.otherPersonsBirthDates = extractOtherPersonsBirthDates(pageTexts, documentDate?.value ?? referenceDate);
  const author = extractAuthor(pageTexts);
  const department = extractDepartment(pageTexts);
  if (patientName) fields.patientName = patientName;
  if (birthDate) fields.birthDate = birthDate;
  if (documentDate) fields.documentDate = documentDate;
  if (author) fields.author = author;
  if (department) fields.department = department;
  return fields;
}
