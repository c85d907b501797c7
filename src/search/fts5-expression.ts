import type { ParsedText, TextLeaf } from './parse-search-text.ts';

/**
 * Writes a parsed search as an FTS5 MATCH expression. Every token goes inside double quotes
 * (a string, never a keyword or column name) and tokens hold only letters and digits, so no
 * user text can become FTS5 syntax. Operators are always explicit: FTS5 refuses an implicit
 * AND after a parenthesis.
 */
export function fts5Expression(text: ParsedText): string {
  const all = text.clauses.map(clauseExpression).join(' AND ');
  const boost = proximityBoost(text);
  // The boost phrase implies every clause, so OR-ing it changes no match, only the rank:
  // bm25 adds the (rare, so heavily weighted) phrase to pages where the words sit together.
  return boost ? `(${all}) OR ${leafExpression(boost)}` : all;
}

function clauseExpression(clause: TextLeaf[]): string {
  return clause.length === 1 ? leafExpression(clause[0]) : `(${clause.map(leafExpression).join(' OR ')})`;
}

function leafExpression(leaf: TextLeaf): string {
  return `"${leaf.tokens.join(' ').replaceAll('"', '""')}"${leaf.prefix ? ' *' : ''}`;
}

/**
 * "penicillin allergy" should rank a page saying exactly that above one with the two words
 * apart, which bm25 alone does not do. When the search is a plain sequence (no OR, a prefix
 * only at the end) the whole sequence as one phrase is that signal.
 */
function proximityBoost(text: ParsedText): TextLeaf | undefined {
  const { clauses } = text;
  if (clauses.length < 2 || clauses.some((clause) => clause.length > 1)) return undefined;
  const leaves = clauses.map((clause) => clause[0]);
  if (leaves.slice(0, -1).some((leaf) => leaf.prefix)) return undefined;
  return { tokens: leaves.flatMap((leaf) => leaf.tokens), prefix: leaves[leaves.length - 1].prefix };
}
