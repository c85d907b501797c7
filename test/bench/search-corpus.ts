import type { DocumentTypeKey } from '../../src/extract/extracted-fields.ts';
import type { IndexedDocument, IndexedPage } from '../../src/search/search-index.ts';
import { testNhsNumbers } from '../unit/search-test-documents.ts';
import { CLINICAL_PHRASES, CLINICAL_TERMS, COMMON_WORDS, inventedWords } from './search-vocabulary.ts';

/**
 * Synthetic scanned letters for the search bench, the same for every run of a seed: patients
 * with valid test-range NHS numbers, documents of 1–6 pages of 180–380 words laid out on an
 * A4 page at 300 dpi, text drawn from a Zipf-distributed vocabulary of ~3,700 words with
 * clinical terms and phrases mixed in.
 *
 * Word frequencies matter more than anything else here: a search's cost grows with the pages
 * that match. So, as in real letters, a few clinical terms are common (on a third of pages or
 * more, like "pain") and most are rare (under 1%): clinical terms are ranked by a Zipf law of
 * their own and scattered through the vocabulary's long tail, rather than all sitting near
 * the top, which had put every one of them on 10–14% of pages, as often as "patient".
 */

export interface BenchPatient {
  nhsNumber: string;
  mrn: string;
  name: string;
  birthDate: string;
}

/** mulberry32: small, fast and good enough that runs with one seed are identical. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN = ['Alys', 'Bryn', 'Cerys', 'Dafydd', 'Elin', 'Ffion', 'Gethin', 'Hedd', 'Iolo', 'Lowri', 'Macsen', 'Nia', 'Osian', 'Rhian', 'Siân', 'Tomos', 'Zoë', 'Ieuan', 'Mererid', 'Aled'];
const FAMILY = ['Prydderch', 'Gwyndaf', 'Tregaron', 'Aberlas', 'Penwyn', 'Caerfai', 'Llanfor', 'Bryncoch', 'Maesglas', 'Rhosgoch', 'Talybont', 'Pantglas', 'Cwmderi', 'Nantlle', 'Ystrad', 'Glynmor', 'Bontddu', 'Pencraig', 'Dolwen', 'Hafodty', 'Brontë', 'Carreg', 'Felindre', 'Gelli'];
const TYPES: DocumentTypeKey[] = ['clinic-letter', 'discharge-summary', 'referral-letter', 'radiology-report', 'pathology-report', 'operation-note', 'gp-record'];
const DEPARTMENTS = ['Cardiology', 'Respiratory Medicine', 'Diabetes and Endocrinology', 'Renal Medicine', 'Gastroenterology', 'Neurology', 'Rheumatology', 'Elderly Care', 'General Surgery', 'Orthopaedics'];

export class BenchCorpus {
  readonly patients: BenchPatient[];
  /** Most frequent first: common words, clinical terms, then the invented long tail. */
  readonly vocabulary: string[];
  private readonly cumulative: Float64Array;
  /** Clinical terms, most frequent first, for the terms a letter is about. */
  private readonly clinicalTerms: string[];
  private readonly clinicalCumulative: Float64Array;
  private readonly random: () => number;
  private documents = 0;

  constructor(seed: number, patientCount: number) {
    this.random = seededRandom(seed);
    const tail = this.shuffled([...CLINICAL_TERMS, ...inventedWords(3000, this.random)]);
    this.vocabulary = [...new Set([...COMMON_WORDS, ...tail])];
    this.cumulative = zipfCumulative(this.vocabulary.length);
    this.clinicalTerms = this.shuffled(CLINICAL_TERMS);
    this.clinicalCumulative = zipfCumulative(this.clinicalTerms.length);
    this.patients = this.makePatients(patientCount);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  /** The next document, for a patient chosen at random (a few undated, as real archives have). */
  nextDocument(): IndexedDocument {
    const n = this.documents++;
    const patient = this.pick(this.patients);
    const documentType = this.pick(TYPES);
    const documentDate = this.random() < 0.03 ? null : this.date(2005, 2025);
    const pageCount = 1 + Math.floor(this.random() * 6);
    const pages = Array.from({ length: pageCount }, (_, index) => this.page(index, patient, documentType));
    return {
      documentId: `doc_${String(n).padStart(7, '0')}`,
      fileName: `scan-${n}.pdf`,
      nhsNumber: patient.nhsNumber,
      mrn: patient.mrn,
      patientName: patient.name,
      birthDate: patient.birthDate,
      documentType,
      documentDate,
      author: `Dr ${this.pick(GIVEN)} ${this.pick(FAMILY)}`,
      department: this.pick(DEPARTMENTS),
      filedAt: '2025-06-01T09:00:00.000Z',
      updatedAt: '2025-06-01T09:00:00.000Z',
      pages,
    };
  }

  private page(index: number, patient: BenchPatient, type: DocumentTypeKey): IndexedPage {
    const words: string[] = [];
    if (index === 0) {
      words.push(...`${type.replace('-', ' ').toUpperCase()} Re: ${patient.name} DOB ${patient.birthDate} NHS No ${patient.nhsNumber} Hospital No ${patient.mrn} Dear Dr ${this.pick(FAMILY)},`.split(' '));
    }
    const target = 180 + Math.floor(this.random() * 200);
    while (words.length < target) words.push(...this.sentence());
    return { index, text: words.join(' '), words: layOut(words) };
  }

  /** 8–20 words, a clinical term in some sentences and a clinical phrase in a few. */
  private sentence(): string[] {
    const length = 8 + Math.floor(this.random() * 13);
    const words = Array.from({ length }, () => this.zipfPick(this.vocabulary, this.cumulative));
    if (this.random() < 0.25) words[Math.floor(this.random() * length)] = this.zipfPick(this.clinicalTerms, this.clinicalCumulative);
    if (this.random() < 0.04) words.splice(Math.floor(this.random() * length), 0, ...this.pick(CLINICAL_PHRASES).split(' '));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    words[words.length - 1] += '.';
    return words;
  }

  private zipfPick(words: string[], cumulative: Float64Array): string {
    const target = this.random() * cumulative[cumulative.length - 1];
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return words[low];
  }

  /** Fisher–Yates with the corpus's own random numbers. */
  private shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let n = copy.length - 1; n > 0; n--) {
      const other = Math.floor(this.random() * (n + 1));
      [copy[n], copy[other]] = [copy[other], copy[n]];
    }
    return copy;
  }

  private date(fromYear: number, toYear: number): string {
    const start = Date.UTC(fromYear, 0, 1);
    const day = start + Math.floor(this.random() * (Date.UTC(toYear, 0, 1) - start));
    return new Date(day).toISOString().slice(0, 10);
  }

  private makePatients(count: number): BenchPatient[] {
    // Every test-range number in order, thinned at random so patients are spread over the range.
    const patients: BenchPatient[] = [];
    for (const nhsNumber of testNhsNumbers()) {
      if (patients.length === count) break;
      if (this.random() > 0.5) continue;
      patients.push({
        nhsNumber,
        mrn: `RX${String(100000 + patients.length).padStart(6, '0')}`,
        name: `${this.pick(GIVEN)} ${this.pick(FAMILY).toUpperCase()}`,
        birthDate: this.date(1930, 2020),
      });
    }
    return patients;
  }
}

/** Zipf: the word at rank r is drawn with probability ∝ 1 / (r + 1). */
function zipfCumulative(count: number): Float64Array {
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let rank = 0; rank < count; rank++) cumulative[rank] = total += 1 / (rank + 1);
  return cumulative;
}

/** Words on an A4 page at 300 dpi: 14 words a line, 28 px a character, lines 60 px apart. */
function layOut(texts: string[]) {
  let x = 150;
  let y = 300;
  return texts.map((text, index) => {
    if (index > 0 && index % 14 === 0) {
      x = 150;
      y += 60;
    }
    const bbox = { x0: x, y0: y, x1: x + 28 * text.length, y1: y + 42 };
    x = bbox.x1 + 20;
    return { text, bbox, confidence: 85 + (index % 15) };
  });
}
