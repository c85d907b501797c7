/**
 * The one definition of a searchable token, used for the text that is indexed, for the words
 * of a search, and for finding which words on a page a search matched. Folding happens here,
 * before anything reaches the index, so the boxes computed in TypeScript can never disagree
 * with what the index matched: the FTS5 tokenizer (unicode61, remove_diacritics 2) only ever
 * sees tokens that are already lowercase, unaccented runs of letters and digits.
 */

/** Letters and digits of any script; everything else (punctuation, symbols, emoji) separates tokens. */
const TOKEN = /[\p{L}\p{N}]+/gu;
const COMBINING_MARKS = /\p{M}+/gu;

/**
 * Lowercase, then compatibility decomposition (ligatures such as "ﬁ" that OCR emits become
 * "fi") and removal of the marks it separates ("Zoë" → "zoe", "İ" → "i").
 */
export function foldText(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(COMBINING_MARKS, '');
}

const ASCII = /^[\x00-\x7f]*$/;
const ASCII_TOKEN = /[a-z0-9]+/g;

/** The folded tokens of a piece of text, in order. */
export function tokensOf(text: string): string[] {
  // Most OCR text is ASCII, for which folding is lowercasing: the same tokens, a fraction of the cost.
  if (ASCII.test(text)) return text.toLowerCase().match(ASCII_TOKEN) ?? [];
  return foldText(text).match(TOKEN) ?? [];
}
