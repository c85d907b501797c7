import { describe, expect, it } from 'vitest';
import { locatedValues } from '../../src/review/review-fields.ts';
import type { ReviewItem } from '../../src/review/review-store.ts';
import { reviewItemPage } from '../../src/review/http/review-item-page.ts';
import { reviewQueuePage } from '../../src/review/http/review-pages.ts';
import type { DeliveryRecord } from '../../src/storage/delivery-store.ts';

/** The review pages as HTML: text read off a scan or typed by a person is shown as text, and each state offers only what fits it. */

const HOSTILE = '<img src=x onerror=alert(1)>"\'&';

function item(change: Partial<ReviewItem>): ReviewItem {
  return {
    id: 'rev_01JZ0000000000000000000001',
    documentId: 'doc_01JZ0000000000000000000001',
    status: 'claimed',
    reasons: [{ code: 'NAME_DISAGREES', message: `name ${HOSTILE} disagrees` }],
    extracted: {
      nhsNumbers: [{ value: '9990000018', raw: '999 000 0018', confidence: 91, foundAt: { page: 0, bbox: { x0: 300, y0: 400, x1: 700, y1: 440 } } }],
      author: { value: `Dr ${HOSTILE}`, confidence: 70, foundAt: { page: 0, bbox: { x0: 100, y0: 1000, x1: 500, y1: 1040 } } },
    },
    corrections: { family: HOSTILE, birthDate: '1939-06-12', given: ['Arthur', 'James'] },
    claimedBy: 'user:r.patel',
    decidedBy: null,
    note: null,
    createdAt: '2026-12-02T09:00:00.000Z',
    updatedAt: '2026-12-02T09:05:00.000Z',
    ...change,
  };
}

function page(reviewItem: ReviewItem, viewer = 'user:r.patel', deliveries: DeliveryRecord[] = []): string {
  return reviewItemPage({
    item: reviewItem,
    document: null,
    fields: locatedValues(reviewItem.extracted),
    holding: { viewer, claimedAt: '2026-12-02T09:01:00.000Z' },
    deliveries,
    pageSizes: new Map([[0, { width: 2000, height: 2800 }]]),
    nextItemId: null,
  }).value;
}

describe('the review item page', () => {
  it('escapes what was read, the reasons and what the reviewer saved', () => {
    const html = page(item({}));
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    // The saved family name is an attribute value: the quote cannot end it.
    expect(html).toContain('data-saved="&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;"');
  });

  it('shows a saved date the UK way, and the names as typed', () => {
    const html = page(item({}));
    expect(html).toMatch(/id="birthDate" data-date-field="birthDate" data-saved="12\/06\/1939"/);
    expect(html).toMatch(/id="birthDate-day" data-date-part="day" value="12"/);
    expect(html).toMatch(/id="birthDate-month" data-date-part="month" value="06"/);
    expect(html).toMatch(/id="birthDate-year" data-date-part="year" value="1939"/);
    expect(html).toMatch(/id="given"[^>]*value="Arthur James"/);
  });

  it('places a box for each value on the whole page as a share of the page size, and links the value to it', () => {
    const html = page(item({}));
    expect(html).toContain('src="/v1/review/rev_01JZ0000000000000000000001/pages/0"');
    expect(html).toMatch(/id="box-nhsNumbers\.0"[^>]*data-left="15" data-top="14.29" data-width="20" data-height="1.43"/);
    expect(html).toContain('data-show-box="author"');
  });

  it('says why text Recto could not read needs a person, and asks the reviewer to write that the page was checked', () => {
    const message = 'Recto could not read a region that looks like text on page 1: the document\'s text and search lack it. Check the page and say what it holds.';
    const html = page(item({ reasons: [{ code: 'TEXT_MISSING', message }] }));
    expect(html).toContain('Recto could not read a region that looks like text on page 1');
    expect(html).toMatch(/<label class="nhsuk-label" for="resolution-TEXT_MISSING">Text Recto could not read: you checked the page/);
    expect(html).toContain('data-resolution="TEXT_MISSING"');
  });

  it('lets the holder act, with a Release button', () => {
    const html = page(item({}));
    expect(html).toContain('data-action="release"');
    expect(html).toMatch(/data-action="approve">/);
    expect(html).not.toMatch(/id="corrections-fields" disabled/);
  });

  it('shows another reviewer who holds it and since when, read-only', () => {
    const html = page(item({}), 'user:j.okafor');
    expect(html).toMatch(/user:r\.patel has held it since 02\/12\/2026, 09:01/);
    expect(html).toMatch(/id="corrections-fields" disabled/);
    expect(html).toMatch(/data-action="approve" disabled/);
    expect(html).not.toContain('data-action="release"');
  });

  it('once approved, says who it was filed to and each delivery, with no live buttons', () => {
    const approved = item({ status: 'approved', decidedBy: 'user:r.patel', claimedBy: 'user:r.patel', corrections: { nhsNumber: '9990000026', given: ['Arthur'], family: 'Pennington', birthDate: '1939-06-12' } });
    const html = page(approved, 'user:r.patel', [
      { documentId: approved.documentId, sink: 'epr-fhir', status: 'delivered', attempts: 1, receipt: null, error: null, updatedAt: '2026-12-02T09:06:00.000Z', nextAttemptAt: null },
      {
        documentId: approved.documentId,
        sink: 'gp-hl7',
        status: 'retrying',
        attempts: 1,
        receipt: null,
        error: { code: 'SINK_UNAVAILABLE', message: 'MLLP connection refused', retryable: true, hint: '' },
        updatedAt: '2026-12-02T09:06:00.000Z',
        nextAttemptAt: '2026-12-02T09:06:10.000Z',
      },
    ]);
    // A delivery the queue will try again says when, not failed (UK time, as the page's other times).
    expect(html).toMatch(/<td class="nhsuk-table__cell">gp-hl7<\/td>\s*<td class="nhsuk-table__cell">retrying, next try 02\/12\/2026, 09:06: MLLP connection refused/);
    expect(html).toContain('Approved: filed to 999 000 0026, Arthur Pennington');
    expect(html).toMatch(/<td class="nhsuk-table__cell">epr-fhir<\/td>\s*<td class="nhsuk-table__cell">delivered/);
    expect(html).toMatch(/data-action="approve" disabled/);
    expect(html).toMatch(/data-action="reject" disabled/);
    expect(html).toContain('data-claim-on-open="no"');
  });

  it('once rejected, shows the note as text', () => {
    const html = page(item({ status: 'rejected', decidedBy: 'user:r.patel', note: `duplicate ${HOSTILE}` }));
    expect(html).toContain('Rejected: not filed');
    expect(html).toContain('Note: duplicate &lt;img src=x');
  });

  it('claims an open item when it is opened', () => {
    expect(page(item({ status: 'open', claimedBy: null }))).toContain('data-claim-on-open="yes"');
  });
});

describe('the review queue page', () => {
  it('shows who decided and when on the decided tab, escaped', () => {
    const decided = item({ status: 'rejected', decidedBy: `user:${HOSTILE}` });
    const html = reviewQueuePage('decided', [decided], new Map()).value;
    expect(html).toMatch(/by user:&lt;img src=x onerror=alert\(1\)&gt;&quot;&#39;&amp;, 02\/12\/2026, 09:05/);
    expect(html).toMatch(/href="\/review\?show=decided" aria-current="page"/);
    expect(html).not.toContain('<img src=x');
  });
});
