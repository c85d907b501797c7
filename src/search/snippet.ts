import type { SnippetSegment } from './search-index.ts';

/** About two lines of a letter: enough to judge a hit without opening the page. */
export const SNIPPET_WORDS = 24;

const ELLIPSIS = '…';

/**
 * A window of the page's words around its densest run of matched words, as plain-text
 * segments: runs of ordinary words, and each matched word on its own with hit=true. Built
 * from the same OCR words as the boxes, so the highlighted words are the boxed ones.
 */
export function snippetOf(texts: readonly string[], matched: readonly number[], width = SNIPPET_WORDS): SnippetSegment[] {
  if (texts.length === 0) return [];
  const start = densestWindowStart(texts.length, matched, width);
  const end = Math.min(texts.length, start + width);
  const hits = new Set(matched);
  const segments: SnippetSegment[] = [];
  // Ordinary text (spaces included) merges into one segment; each hit stays its own.
  const add = (text: string, hit: boolean): void => {
    const last = segments[segments.length - 1];
    if (last && !last.hit && !hit) last.text += text;
    else segments.push({ text, hit });
  };
  if (start > 0) add(ELLIPSIS, false);
  for (let word = start; word < end; word++) {
    if (segments.length > 0) add(' ', false);
    add(texts[word], hits.has(word));
  }
  if (end < texts.length) add(` ${ELLIPSIS}`, false);
  return segments;
}

/**
 * The first window start holding the most distinct matched words, pulled back a few words so
 * the first hit has some text before it. Without matches the snippet is the page's opening.
 */
function densestWindowStart(wordCount: number, matched: readonly number[], width: number): number {
  if (matched.length === 0 || wordCount <= width) return 0;
  let best = matched[0];
  let bestCount = 0;
  let last = 0;
  for (let first = 0; first < matched.length; first++) {
    while (last < matched.length && matched[last] < matched[first] + width) last++;
    if (last - first > bestCount) {
      bestCount = last - first;
      best = matched[first];
    }
  }
  const lead = Math.min(4, Math.floor(width / 4));
  return Math.max(0, Math.min(best - lead, wordCount - width));
}
