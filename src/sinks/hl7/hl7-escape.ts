/**
 * The one way a value enters an HL7 v2 message Recto builds (hl7-segment.ts calls it for every
 * field, component and repetition, so no field can be missed).
 *
 * - The encoding characters become their escape sequences (HL7 v2.5.1 section 2.7.1), with the
 *   message's fixed delimiters `|^~\&`: `|` \F\, `^` \S\, `~` \R\, `\` \E\, `&` \T\.
 * - Control characters (C0 including CR, LF, tab, NUL, the MLLP framing bytes \x0b and \x1c;
 *   DEL; C1) are replaced, each run of them by one space. A CR is the segment terminator and
 *   \x0b/\x1c frame the message on the wire, so left in, a name could start a new segment or
 *   end the message. They are not carried as \X0D\ or \.br\: every field Recto sends is an
 *   identifier, name, code or short string (ST, XPN, CX, CWE), where \.br\ is not defined (it
 *   belongs to FT) and a receiver that decodes \X0D\ would put the CR straight back into its
 *   database. A line break in a name or MRN is a reading or typing slip, not content.
 *
 * Base64 (OBX-5.5) contains none of these characters and passes through unchanged.
 */

const CONTROL_RUNS = /[\u0000-\u001F\u007F-\u009F]+/g;
const ENCODING_CHARACTERS = /[|^~\\&]/g;
const ESCAPE_SEQUENCES: Record<string, string> = { '|': '\\F\\', '^': '\\S\\', '~': '\\R\\', '\\': '\\E\\', '&': '\\T\\' };

export function escapeHl7Value(value: string): string {
  return value.replace(CONTROL_RUNS, ' ').replace(ENCODING_CHARACTERS, (character) => ESCAPE_SEQUENCES[character]);
}
