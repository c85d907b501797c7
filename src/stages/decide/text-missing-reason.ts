import type { TextMissing } from '../../core/types.ts';
import type { ReviewReason } from '../../matching/review-reasons.ts';

/**
 * A document whose OCR left text unread (a region that looks like text but yielded no usable
 * words, even read again on its own) is not complete: its text and search would silently lack
 * what is there, so it goes to a person with every page and region, never filed as it is.
 */

export const TEXT_MISSING = 'TEXT_MISSING' satisfies ReviewReason['code'];

/** One entry per page at the page's index, as the OCR stage left it (or as the sidecar holds it). */
export function textMissingReasons(pages: ReadonlyArray<{ textMissing?: TextMissing[] }>): ReviewReason[] {
  const regions = pages.flatMap((page, index) => (page.textMissing ?? []).map(({ bbox }) => ({ page: index, bbox })));
  if (regions.length === 0) return [];
  const pageNumbers = [...new Set(regions.map((region) => region.page + 1))];
  const where = `${pageNumbers.length === 1 ? 'page' : 'pages'} ${pageNumbers.join(', ')}`;
  const count = regions.length === 1 ? 'a region' : `${regions.length} regions`;
  return [
    {
      code: TEXT_MISSING,
      message: `Recto could not read ${count} that looks like text on ${where}: the document's text and search lack it. Check the page and say what it holds.`,
      regions,
    },
  ];
}
