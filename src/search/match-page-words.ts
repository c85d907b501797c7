import { tokensOf } from './fold-text.ts';
import type { ParsedText, TextLeaf } from './parse-search-text.ts';

/**
 * Which words of a page a search matched: every place any of its words or phrases occurs, found
 * with the same tokens the index was given (fold-text.ts), so what is highlighted and boxed is
 * what FTS5 matched. A phrase may run across words and lines; every word it touches is a hit.
 * Returns word indexes in reading order.
 */
export function matchedWordIndexes(texts: readonly string[], search: ParsedText): number[] {
  const leaves = search.clauses.flat();
  const tokens = candidateTokens(texts, [...new Set(leaves.flatMap((leaf) => leaf.tokens))]);
  const matched = new Set<number>();
  for (const leaf of leaves) {
    for (let start = 0; start + leaf.tokens.length <= tokens.length; start++) {
      if (!leafMatchesAt(tokens, start, leaf)) continue;
      for (let offset = 0; offset < leaf.tokens.length; offset++) matched.add(tokens[start + offset].word);
    }
  }
  return [...matched].sort((a, b) => a - b);
}

/** A token of a page and the word it came from: one OCR word can give several ("co-amoxiclav"). */
interface PageToken {
  token: string;
  word: number;
}

const ASCII = /^[\x00-\x7f]*$/;
const ASCII_TOKEN_CHARACTER = /[a-z0-9]/i;

/**
 * The page's tokens, folded only where a match is possible: a page of a few hundred words is
 * read for every hit shown, and folding (NFKD, Unicode classes) is most of that cost. An ASCII
 * word whose lowercase text contains none of the searched tokens cannot take part in a match,
 * so it stands as one empty token, which matches nothing and still breaks a phrase across it.
 * (Only ASCII words can be skipped so: folding "Zoë" is what makes it contain "zoe".)
 */
function candidateTokens(texts: readonly string[], needles: string[]): PageToken[] {
  const tokens: PageToken[] = [];
  texts.forEach((text, word) => {
    if (ASCII.test(text)) {
      const lower = text.toLowerCase();
      if (!needles.some((needle) => lower.includes(needle))) {
        // Punctuation alone ("-", "&") is no token at all, in the index as here.
        if (ASCII_TOKEN_CHARACTER.test(text)) tokens.push({ token: '', word });
        return;
      }
    }
    for (const token of tokensOf(text)) tokens.push({ token, word });
  });
  return tokens;
}

function leafMatchesAt(tokens: PageToken[], start: number, leaf: TextLeaf): boolean {
  const last = leaf.tokens.length - 1;
  for (let offset = 0; offset < last; offset++) {
    if (tokens[start + offset].token !== leaf.tokens[offset]) return false;
  }
  const token = tokens[start + last].token;
  return leaf.prefix ? token.startsWith(leaf.tokens[last]) : token === leaf.tokens[last];
}
