// The sample catalogue: which document, font and damage each scan gets, and the geometry
// truth (uprightRotation, deskewDegrees) that the golden manifest records. Angles use
// sharp's convention throughout: positive = clockwise. A case that tilts the content by
// s degrees (rotate(s)) therefore records deskewDegrees = -s, and one that turns the page
// by r (rotate(r)) records uprightRotation = (360 - r) % 360.

import type { ClinicalDocument } from './letter.ts';
import type { FontFamily } from './fonts.ts';
import type { Rng } from './prng.ts';
import { type Page } from './render.ts';
import { blur, resize, rotate, writeFaxTiff, writeImagePdf, writeJpeg, writePng } from './imaging.ts';
import { floydSteinberg, grain, greyInk, punchHoles, scannerBorder, smudge, speckle, streak, threshold, tone } from './degrade.ts';
import { addMirroredBlock, fadeParagraph } from './hidden-text.ts';
import type { Block } from './letter.ts';
import { mmToPx } from './render.ts';
import * as FX from './corpus-fax.ts';
import * as A from './corpus-a.ts';
import * as B from './corpus-b.ts';
import type { FieldsDocument } from './fields-document.ts';
import * as FC from './corpus-fields-charts.ts';
import * as FL from './corpus-fields-letters.ts';
import * as FR from './corpus-fields-reports.ts';
import { phonePhoto, type PhotoLook } from './photo.ts';

export interface SampleCase {
  file: string;
  description: string;
  format: 'png' | 'jpeg' | 'tiff' | 'pdf';
  dpi: number;
  uprightRotation: 0 | 90 | 180 | 270;
  deskewDegrees: number;
  font: FontFamily | null;
  doc: ClinicalDocument | null; // null = blank sheet (unless `fields` is set)
  /** A freely laid out document with its expected extraction (the fields-* samples). */
  fields?: FieldsDocument;
  /** Fax machines stamp a header line on every received page. */
  faxHeader?: (page: number, total: number) => string;
  /** Sheets scanned after the document's own pages: null is a blank sheet, blocks a page laid out from them. */
  extraPages?: Array<Block[] | null>;
  /** Damage the clean renders (black on white) and write the file. */
  make(out: string, pages: Page[], rng: Rng): Promise<void>;
}

/** What every flatbed scan looks like: toner on off-white paper, soft optics, faint grain. */
async function scanLook(page: Page, rng: Rng, paper = 242, ink = 28, grainSigma = 2.2): Promise<Page> {
  return grain(await blur(tone(page, ink, () => paper), 0.55), rng, grainSigma);
}

/**
 * Issue 11: a phone photo of a one-page letter, 1800x2400 px declared at 72 dpi (as phones
 * write it), JPEG q80, the sheet taking ~80 % of the picture's height (~170 dpi on the paper).
 */
function phonePhotoCase(file: string, description: string, font: FontFamily, doc: ClinicalDocument, look: Partial<PhotoLook>): SampleCase {
  return {
    file, description, format: 'jpeg', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font, doc,
    async make(out, [p], rng) {
      const { photo } = await phonePhoto(p, rng, { ...PHONE_PHOTO, ...look });
      await writeJpeg(grain(await blur(photo, 0.8), rng, 2), out, 72, 80);
    },
  };
}

export const PHONE_PHOTO: PhotoLook = {
  width: 1800, height: 2400, pageShare: 0.8, keystone: 0.1, jitter: 0.02, falloff: 0.3, shadow: 0, desk: 100,
};

/** A one-page 300 dpi PNG of a fields document with the ordinary flatbed look (most fields-* cases). */
function plainFieldsScan(file: string, description: string, font: FontFamily, fields: SampleCase['fields']): SampleCase {
  return {
    file, description, format: 'png', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font, doc: null, fields,
    async make(out, [p], rng) {
      await writePng(await scanLook(p, rng), out, 300);
    },
  };
}

/**
 * A received fax at `dpiX` × `dpiY` (normal mode 204 × 98, fine 204 × 196): the page is laid
 * out at `dpiX`, squeezed to `dpiY` down the page as the fax machine samples it, then
 * thresholded with grain for ragged edges and stray dots, and stored as G4 with both resolutions.
 */
async function faxPages(pages: Page[], rng: Rng, dpiX: number, dpiY: number): Promise<Page[]> {
  const faxed = [];
  for (const p of pages) {
    const sampled = await resize(await blur(p, 0.7), p.width, Math.round((p.height * dpiY) / dpiX));
    faxed.push(speckle(threshold(grain(sampled, rng, 30), 135), rng, 0.0004, 0.9));
  }
  return faxed;
}

const faxHeaderFrom = (sender: string, when: string) => (page: number, total: number): string =>
  `FROM: ${sender} ${when} PAGE ${page}/${total}`;

export const CASES: SampleCase[] = [
  {
    file: 'clean-letter.png', description: 'clean greyscale scan, slight paper tone', format: 'png', dpi: 300,
    uprightRotation: 0, deskewDegrees: 0, font: 'Nimbus Sans', doc: A.cardiologyLetter,
    async make(out, [p], rng) {
      await writePng(await scanLook(p, rng), out, 300);
    },
  },
  {
    file: 'skewed-7deg.jpg', description: 'content rotated 7 degrees anticlockwise, white corners, JPEG q85',
    format: 'jpeg', dpi: 300, uprightRotation: 0, deskewDegrees: 7, font: 'DejaVu Serif', doc: A.copdDischarge,
    async make(out, [p], rng) {
      const skewed = await rotate(tone(p, 28, () => 238), -7, 255, true);
      await writeJpeg(grain(await blur(skewed, 0.55), rng, 1.5), out, 300, 85);
    },
  },
  {
    file: 'skewed-minus-2.5deg.png', description: 'small skew: content rotated 2.5 degrees clockwise',
    format: 'png', dpi: 300, uprightRotation: 0, deskewDegrees: -2.5, font: 'Nimbus Roman', doc: A.rheumatologyReferral,
    async make(out, [p], rng) {
      const skewed = await rotate(tone(p, 28, () => 242), 2.5, 255, true);
      await writePng(grain(await blur(skewed, 0.55), rng, 2.2), out, 300);
    },
  },
  {
    file: 'rotated-90.png', description: 'page scanned sideways: content rotated 90 degrees clockwise (landscape image)',
    format: 'png', dpi: 300, uprightRotation: 270, deskewDegrees: 0, font: 'DejaVu Sans', doc: A.diabetesLetter,
    async make(out, [p], rng) {
      await writePng(await rotate(await scanLook(p, rng), 90), out, 300);
    },
  },
  {
    file: 'upside-down.png', description: 'page fed upside down: content rotated 180 degrees',
    format: 'png', dpi: 300, uprightRotation: 180, deskewDegrees: 0, font: 'Nimbus Roman', doc: A.orthopaedicLetter,
    async make(out, [p], rng) {
      await writePng(await rotate(await scanLook(p, rng), 180), out, 300);
    },
  },
  {
    file: 'noisy-speckle.png', description: 'heavy salt-and-pepper speckle plus gaussian grain',
    format: 'png', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: 'DejaVu Sans', doc: A.cellulitisDischarge,
    async make(out, [p], rng) {
      const noisy = speckle(grain(await scanLook(p, rng, 232, 35, 0), rng, 14, 2), rng, 0.03, 0.55);
      await writePng(noisy, out, 300, 8);
    },
  },
  {
    file: 'low-contrast-grey.jpg', description: 'faded toner: grey text (~160) on grey paper (~200-215), uneven illumination',
    format: 'jpeg', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: 'Nimbus Sans', doc: A.dermatologyLetter,
    async make(out, [p], rng) {
      // The lamp is brighter at the top left and falls off towards the bottom right.
      const paperAt = (x: number, y: number): number => 216 - 14 * (0.6 * (y / p.height) + 0.4 * (x / p.width));
      const faded = tone(await blur(p, 0.55), 160, paperAt);
      await writeJpeg(grain(faded, rng, 2), out, 300, 80);
    },
  },
  {
    file: 'blurred.png', description: 'out of focus: gaussian blur sigma 1.8',
    format: 'png', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: 'DejaVu Serif', doc: B.gastroLetter,
    async make(out, [p], rng) {
      await writePng(grain(await blur(tone(p, 28, () => 242), 1.8), rng, 1.8), out, 300);
    },
  },
  {
    file: 'jpeg-artefacts-q15.jpg', description: 'heavy JPEG compression, quality 14',
    format: 'jpeg', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: 'Nimbus Sans', doc: B.memoryReferral,
    async make(out, [p], rng) {
      await writeJpeg(await scanLook(p, rng), out, 300, 14);
    },
  },
  {
    file: 'punched-border.png', description: 'two black punch holes in the left margin and a dark open-lid border',
    format: 'png', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: 'DejaVu Serif', doc: B.entLetter,
    async make(out, [p], rng) {
      // ISO 838 two-hole punch: 6 mm holes, 80 mm apart, centres 12 mm from the edge.
      const mid = p.height / 2;
      const holed = punchHoles(await scanLook(p, rng), [[142, mid - 472], [142, mid + 472]], 35);
      await writePng(scannerBorder(holed, rng, 40, 120), out, 300);
    },
  },
  {
    file: 'fax-g4-2pages.tif', description: 'two-page received fax: bilevel CCITT G4 TIFF at 200 dpi, header line, noisy threshold',
    format: 'tiff', dpi: 200, uprightRotation: 0, deskewDegrees: 0, font: 'DejaVu Sans', doc: B.haematologyFax,
    faxHeader: (page, total) =>
      `FROM: KBRI HAEMATOLOGY FAX 0113 496 0291 14-JAN-2025 16:42 PAGE ${page}/${total}`,
    async make(out, pages, rng) {
      const faxed = [];
      for (const p of pages) {
        // Grain before the threshold gives the ragged edges and stray dots of a real fax.
        const bits = threshold(grain(await blur(p, 0.7), rng, 30), 135);
        faxed.push(speckle(bits, rng, 0.0004, 0.9));
      }
      await writeFaxTiff(faxed, out, 200);
    },
  },
  {
    file: 'scanned-discharge.pdf', description: 'image-only PDF, 2 pages, one 300 dpi JPEG per A4 page, no text layer',
    format: 'pdf', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: 'Nimbus Roman', doc: B.hipFractureDischarge,
    async make(out, pages, rng) {
      const scans = [];
      for (const p of pages) scans.push(await scanLook(p, rng, 242, 30, 1.5));
      await writeImagePdf(scans, out, 300, 72);
    },
  },
  {
    file: 'blank-page.png', description: 'blank sheet: off-white paper, faint grain, scanner streak, small smudge',
    format: 'png', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: null, doc: null,
    async make(out, [p], rng) {
      let sheet = grain(await blur(tone(p, 28, () => 243), 0.55), rng, 2);
      sheet = streak(sheet, 1733, 3, 6);
      sheet = smudge(sheet, 1920, 2870, 28, 22);
      await writePng(sheet, out, 300);
    },
  },
  {
    file: 'rotated-270-skewed-3deg.png', description: 'sideways (content rotated 270 clockwise) and skewed 3 degrees anticlockwise',
    format: 'png', dpi: 300, uprightRotation: 90, deskewDegrees: 3, font: 'DejaVu Sans', doc: B.strokeLetter,
    async make(out, [p], rng) {
      const skewed = await rotate(tone(p, 28, () => 242), -3, 255, true);
      await writePng(await rotate(grain(await blur(skewed, 0.55), rng, 2.2), 270), out, 300);
    },
  },

  // Issue 5: documents with known fields, each a different document type with a trap for
  // extraction and matching (see the corpus-fields-*.ts doc comments). Clean-ish 300 dpi scans,
  // upright and straight, so the tests measure extraction rather than image repair.
  plainFieldsScan('fields-clinic-letter-phone-fax.png', 'clinic letter: phone and fax numbers near the NHS number', 'Liberation Sans', FL.clinicLetterPhoneFax),
  {
    file: 'fields-discharge-mother-baby-2pages.pdf', description: 'neonatal discharge summary, two pages, image-only PDF: mother and baby, two valid NHS numbers',
    format: 'pdf', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: 'DejaVu Serif', doc: null, fields: FL.neonatalDischargeMotherBaby,
    async make(out, pages, rng) {
      const scans = [];
      // JPEG quality 50, as office scanners default to for PDF, keeps each page near 300 KB.
      for (const p of pages) scans.push(await scanLook(p, rng, 242, 30, 1.5));
      await writeImagePdf(scans, out, 300, 50);
    },
  },
  plainFieldsScan('fields-referral-letter-gp.png', 'GP referral letter: NHS number without spaces, dotted DOB, e-Referral UBRN', 'DejaVu Sans', FL.gpReferral),
  {
    file: 'fields-outpatient-letter-invalid-nhs.png', description: 'outpatient letter to the patient: its only NHS number fails modulus 11',
    format: 'png', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: 'Liberation Serif', doc: null, fields: FL.outpatientLetterInvalidNhs,
    async make(out, [p], rng) {
      await writePng(await scanLook(p, rng, 238), out, 300);
    },
  },
  plainFieldsScan('fields-operation-note.png', 'operation note: hyphenated NHS number, surgeon, assistant and anaesthetist named', 'DejaVu Sans', FL.operationNote),
  plainFieldsScan('fields-radiology-report.png', 'radiology report: SURNAME, Forenames; requester and reporter both named', 'Liberation Sans', FR.radiologyReport),
  {
    file: 'fields-pathology-report.jpg', description: 'biochemistry report with a results table and a 10-digit specimen number that passes modulus 11, JPEG q80',
    format: 'jpeg', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: 'DejaVu Sans', doc: null, fields: FR.pathologyReport,
    async make(out, [p], rng) {
      await writeJpeg(await scanLook(p, rng, 242, 28, 1.5), out, 300, 80);
    },
  },
  plainFieldsScan('fields-consent-form.png', 'boxed consent form: surname and first names in separate boxes, two signatures', 'Liberation Sans', FR.consentForm),
  plainFieldsScan('fields-drug-chart.png', 'inpatient drug chart: gridded table of medicines, doses and rounds', 'DejaVu Sans', FC.drugChart),
  plainFieldsScan('fields-observation-chart.png', 'NEWS2 observation chart: gridded table of vital signs', 'DejaVu Sans', FC.observationChart),
  {
    file: 'fields-gp-record-lloyd-george.png', description: 'typed Lloyd George GP continuation card (130 x 180 mm, buff card)',
    format: 'png', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: 'DejaVu Sans Mono', doc: null, fields: FC.lloydGeorgeCard,
    async make(out, [p], rng) {
      await writePng(await scanLook(p, rng, 226, 40), out, 300);
    },
  },

  // Issue 11: phone photos of letters (perspective, uneven light, desk round the page, 72 dpi JPEG).
  phonePhotoCase('photo-letter-perspective.jpg', 'phone photo of a letter on a desk: 10 % keystone, light falling off across the picture, declared 72 dpi, JPEG q80',
    'Liberation Sans', B.gastroLetter, { keystone: 0.1, jitter: 0.025, falloff: 0.3 }),
  phonePhotoCase('photo-letter-shadow.jpg', 'phone photo of a letter: 8 % keystone, a soft shadow band across the page, stronger light fall-off, declared 72 dpi, JPEG q80',
    'DejaVu Serif', A.cardiologyLetter, { keystone: 0.08, jitter: 0.02, falloff: 0.35, shadow: 0.35, desk: 90 }),
  // Issue 11: no text silently lost. A paragraph tesseract's layout analysis passes over (it is
  // read again on its own and recovered), and a block no OCR can read (flagged textMissing).
  {
    file: 'text-faint-paragraph.png', description: 'one paragraph printed in faint grey (~196 on 242 paper): PSM 3 layout analysis drops it',
    format: 'png', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: 'Liberation Sans', doc: A.diabetesLetter,
    async make(out, [p], rng) {
      await writePng(await scanLook(fadeParagraph(p, 200), rng), out, 300);
    },
  },
  {
    file: 'text-unreadable-block.png', description: 'a mirrored paragraph (show-through) below the letter: text-like ink no OCR can read; its true text is not in the expected text',
    format: 'png', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: 'Liberation Serif', doc: A.orthopaedicLetter,
    async make(out, [p], rng) {
      await writePng(await scanLook(addMirroredBlock(p, 90), rng), out, 300);
    },
  },
  // Issue 11: faxes in each resolution mode, a photo-mode (dithered) fax, and a document with
  // a blank back side and a near-blank page.
  {
    file: 'fax-normal-204x98.tif', description: 'fax in normal mode: G4 TIFF at 204 x 98 dpi (non-square pixels), noisy threshold',
    format: 'tiff', dpi: 204, uprightRotation: 0, deskewDegrees: 0, font: 'DejaVu Sans', doc: FX.warfarinFax,
    faxHeader: faxHeaderFrom('KBRI ANTICOAG 0113 496 0418', '17-FEB-2025 11:05'),
    async make(out, pages, rng) {
      await writeFaxTiff(await faxPages(pages, rng, 204, 98), out, 204, 98);
    },
  },
  {
    file: 'fax-fine-204x196.tif', description: 'fax in fine mode: G4 TIFF at 204 x 196 dpi, noisy threshold',
    format: 'tiff', dpi: 204, uprightRotation: 0, deskewDegrees: 0, font: 'Liberation Serif', doc: FX.dischargeMedicinesFax,
    faxHeader: faxHeaderFrom('HLVH PHARMACY 01632 960951', '08-SEP-2024 15:37'),
    async make(out, pages, rng) {
      await writeFaxTiff(await faxPages(pages, rng, 204, 196), out, 204, 196);
    },
  },
  {
    file: 'fax-200x100-metric.tif', description: 'fax at 200 x 100 dpi, resolution stored per centimetre, G4 TIFF',
    format: 'tiff', dpi: 200, uprightRotation: 0, deskewDegrees: 0, font: 'Liberation Sans', doc: FX.urgentReferralFax,
    faxHeader: faxHeaderFrom('AWDH BREAST UNIT 01632 960592', '22-MAY-2025 09:12'),
    async make(out, pages, rng) {
      await writeFaxTiff(await faxPages(pages, rng, 200, 100), out, 200, 100, 'cm');
    },
  },
  {
    file: 'fax-dithered-grey-letterhead.tif', description: 'photo-mode fax at 204 x 196 dpi: grey letterhead and faded grey text, Floyd-Steinberg dithered',
    format: 'tiff', dpi: 204, uprightRotation: 0, deskewDegrees: 0, font: 'DejaVu Serif', doc: FX.careHomeFax,
    faxHeader: faxHeaderFrom('SAH COMMUNITY NURSES 020 7946 0733', '11-NOV-2024 13:58'),
    async make(out, pages, rng) {
      const faxed = [];
      for (const p of pages) {
        // The trust's letterhead is printed mid-grey; the letter itself came off a tired printer.
        const printed = greyInk(tone(p, 70, () => 238), 0, mmToPx(45, 204), 140);
        const sampled = await resize(await blur(printed, 0.6), p.width, Math.round((p.height * 196) / 204));
        faxed.push(floydSteinberg(grain(sampled, rng, 6)));
      }
      await writeFaxTiff(faxed, out, 204, 196);
    },
  },
  {
    file: 'blank-back-pages-3pages.pdf', description: 'duplex scan, image-only PDF: a letter, its blank back side, then a sheet saying only that it is left blank',
    format: 'pdf', dpi: 300, uprightRotation: 0, deskewDegrees: 0, font: 'Liberation Sans', doc: FX.renalLetter,
    extraPages: [
      null,
      [{ kind: 'line', text: 'This page is intentionally left blank', align: 'left', size: 42, space: 20 }],
    ],
    async make(out, pages, rng) {
      const scans = [];
      for (const p of pages) scans.push(await scanLook(p, rng, 240, 30, 1.5));
      await writeImagePdf(scans, out, 300, 60);
    },
  },
];
