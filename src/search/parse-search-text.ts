import { RectoError } from '../core/errors.ts';
import { tokensOf } from './fold-text.ts';

/**
 * A person's search text, read by Recto's own small grammar and never handed to FTS5 as it is:
 * FTS5 syntax (NEAR, column filters, ^, unbalanced quotes) would either fail with an SQLite
 * error or do something the person did not mean. The grammar:
 *
 *   penicillin allergy      both words, on one page
 *   "penicillin allergy"    the phrase
 *   amox*  "co amox"*       prefix of a word, or of a phrase's last word (2+ characters)
 *   rash OR urticaria       either (upper-case OR between two words or phrases)
 *
 * Punctuation inside a word splits it into a phrase, as it does in the indexed text, so
 * "co-amoxiclav", "12/03/2024" and "O'Brien" find what is written. A leading "-" is
 * punctuation too, not exclusion: clinical text writes "-ve" and "HIV -ve".
 */

/** One word (one token) or a phrase (several tokens in a row); `prefix` applies to the last. */
export interface TextLeaf {
  tokens: string[];
  prefix: boolean;
}

/** A page matches when every clause does; a clause matches when any of its leaves does. */
export interface ParsedText {
  clauses: TextLeaf[][];
}

export const MAX_SEARCH_TEXT_LENGTH = 1000;
export const MAX_SEARCH_TOKENS = 32;
/** FTS5's prefix index holds 2- and 3-character prefixes; one letter would read most of the index. */
export const MIN_PREFIX_LENGTH = 2;

type Item = { kind: 'leaf'; leaf: TextLeaf } | { kind: 'or' };

export function parseSearchText(text: string): ParsedText {
  if (text.length > MAX_SEARCH_TEXT_LENGTH) {
    throw invalid(`the search text is ${text.length} characters; at most ${MAX_SEARCH_TEXT_LENGTH} are allowed`);
  }
  const clauses = toClauses(lex(text));
  const tokenCount = clauses.flat().reduce((sum, leaf) => sum + leaf.tokens.length, 0);
  if (tokenCount === 0) throw invalid('the search text has no words to look for (letters or digits)');
  if (tokenCount > MAX_SEARCH_TOKENS) throw invalid(`the search has ${tokenCount} words; at most ${MAX_SEARCH_TOKENS} are allowed`);
  return { clauses };
}

/** Splits into quoted phrases, bare chunks and OR; chunks that hold no letters or digits vanish. */
function lex(text: string): Item[] {
  const items: Item[] = [];
  const pattern = /"([^"]*)("?)(\**)|([^\s"]+)/g;
  for (const match of text.matchAll(pattern)) {
    const [, quoted, closingQuote, quotedStars, bare] = match;
    if (bare === 'OR') {
      items.push({ kind: 'or' });
      continue;
    }
    const chunk = quoted ?? bare;
    // An unclosed quote runs to the end of the text, so its * is inside it.
    const prefix = quoted !== undefined ? quotedStars.length > 0 || (closingQuote === '' && /\*$/.test(quoted)) : /\*$/.test(bare);
    const leaf = leafOf(chunk, prefix);
    if (leaf) items.push({ kind: 'leaf', leaf });
  }
  return items;
}

function leafOf(chunk: string, prefix: boolean): TextLeaf | undefined {
  const tokens = tokensOf(chunk);
  if (tokens.length === 0) return undefined;
  const last = tokens[tokens.length - 1];
  if (prefix && last.length < MIN_PREFIX_LENGTH) {
    throw invalid(`"${last}*": a prefix search needs at least ${MIN_PREFIX_LENGTH} letters or digits before the *`);
  }
  return { tokens, prefix };
}

/**
 * OR joins the leaf before it to the one after it; an OR with no leaf on one side is taken as
 * the word "or" itself, so "a OR" and "OR" still mean something rather than failing.
 */
function toClauses(items: Item[]): TextLeaf[][] {
  const clauses: TextLeaf[][] = [];
  let joinNext = false;
  items.forEach((item, position) => {
    if (item.kind === 'or') {
      const between = clauses.length > 0 && !joinNext && items[position + 1]?.kind === 'leaf';
      if (between) joinNext = true;
      else clauses.push([{ tokens: ['or'], prefix: false }]);
      return;
    }
    if (joinNext) clauses[clauses.length - 1].push(item.leaf);
    else clauses.push([item.leaf]);
    joinNext = false;
  });
  return clauses;
}

function invalid(message: string): RectoError {
  return new RectoError('INVALID_SEARCH_QUERY', message);
}
