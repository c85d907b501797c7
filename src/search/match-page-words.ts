import { type PageToken, tokensOfWords } from './fold-text.ts';
import type { ParsedText, TextLeaf } from './parse-search-text.ts';

/**
 * Which words of a page a search matched: every place any of its words or phrases occurs, found
 * with the same tokens the index was given (fold-text.ts), so what is highlighted and boxed is
 * what FTS5 matched. A phrase may run across words and lines; every word it touches is a hit.
 * Returns word indexes in reading order.
 */
export function matchedWordIndexes(texts: readonly string[], search: ParsedText): number[] {
  const tokens = tokensOfWords(texts);
  const matched = new Set<number>();
  for (const leaf of search.clauses.flat()) {
    for (let start = 0; start + leaf.tokens.length <= tokens.length; start++) {
      if (!leafMatchesAt(tokens, start, leaf)) continue;
      for (let offset = 0; offset < leaf.tokens.length; offset++) matched.add(tokens[start + offset].word);
    }
  }
  return [...matched].sort((a, b) => a - b);
}

function leafMatchesAt(tokens: PageToken[], start: number, leaf: TextLeaf): boolean {
  const last = leaf.tokens.length - 1;
  for (let offset = 0; offset < last; offset++) {
    if (tokens[start + offset].token !== leaf.tokens[offset]) return false;
  }
  const token = tokens[start + last].token;
  return leaf.prefix ? token.startsWith(leaf.tokens[last]) : token === leaf.tokens[last];
}
