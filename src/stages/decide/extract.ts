import type { OcrResult } from '../../core/types.ts';
import { extractFields } from '../../extract/extract-fields.ts';
import type { ExtractedFields } from '../../extract/extracted-fields.ts';
import { type ExtractionConfig, parseExtractionConfig } from '../../extract/extraction-config.ts';

/**
 * The extract stage: the document's fields (NHS numbers, hospital numbers, name, dates, author,
 * department, type) from every page's OCR, each with its page, box and confidence. Both runners
 * call it on the whole document: a second patient's number may be on the last page.
 *
 * `pages` holds one entry per page at the page's index (a blank page's OCR has no words), so
 * each value's page number is the page it is on. Without a trust's settings (its hospital
 * number pattern and labels) the defaults apply.
 */
export function extract(pages: OcrResult[], config: ExtractionConfig = parseExtractionConfig()): ExtractedFields {
  return extractFields(pages, config);
}
