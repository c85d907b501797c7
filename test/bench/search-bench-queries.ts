import type { SearchQuery } from '../../src/search/search-index.ts';
import type { BenchCorpus } from './search-corpus.ts';
import { CLINICAL_PHRASES, CLINICAL_TERMS } from './search-vocabulary.ts';

/** The searches clinicians make, each kind timed on its own. */
export type QueryKind = 'word' | 'phrase' | 'prefix' | 'patient' | 'patient+word' | 'name+dob' | 'type+date+word';

export interface BenchQuery {
  kind: QueryKind;
  query: SearchQuery;
}

const KINDS: QueryKind[] = ['word', 'phrase', 'prefix', 'patient', 'patient+word', 'name+dob', 'type+date+word'];

/** `count` searches, the kinds in turn, their words and patients drawn from the corpus's seed. */
export function benchQueries(corpus: BenchCorpus, count: number): BenchQuery[] {
  return Array.from({ length: count }, (_, n) => {
    const kind = KINDS[n % KINDS.length];
    return { kind, query: queryOf(kind, corpus) };
  });
}

function queryOf(kind: QueryKind, corpus: BenchCorpus): SearchQuery {
  const term = (): string => corpus.pick(CLINICAL_TERMS.filter((word) => word.length >= 5 && !word.includes('-')));
  const patient = corpus.pick(corpus.patients);
  switch (kind) {
    case 'word':
      return { text: term() };
    case 'phrase':
      return { text: `"${corpus.pick(CLINICAL_PHRASES)}"` };
    case 'prefix':
      return { text: `${term().slice(0, 4)}*` };
    case 'patient':
      return { nhsNumber: patient.nhsNumber };
    case 'patient+word':
      return { nhsNumber: patient.nhsNumber, text: term() };
    case 'name+dob':
      return { name: patient.name, birthDate: patient.birthDate };
    case 'type+date+word': {
      const from = 2006 + corpus.pick([0, 3, 6, 9, 12, 15]);
      return { text: term(), types: [corpus.pick(['clinic-letter', 'discharge-summary', 'radiology-report'] as const)], from: `${from}-01-01`, to: `${from + 2}-12-31` };
    }
  }
}

/** Not in the mix: a word on nearly every page, the worst case for ranking every match. */
export const COMMON_WORD_QUERY: BenchQuery = { kind: 'word', query: { text: 'patient' } };
