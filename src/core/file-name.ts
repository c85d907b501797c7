/**
 * A file name a client sent (multipart `filename`), made safe to store and to write into every
 * output that repeats it: the PDF title, the sidecar, HL7 TXA-16, FHIR, logs, web pages.
 *
 * - Only the last path segment is kept (`C:\scans\ward7.tif` → `ward7.tif`, `../../x` → `x`),
 *   as browsers do, so no separator reaches a path or a receiver that splits on it.
 * - Control characters are removed: C0 (CR, LF, NUL, the MLLP framing bytes \x0b and \x1c,
 *   ESC for terminal sequences), DEL and C1.
 * - Invisible formatting is removed: bidirectional overrides, embeddings and isolates (U+202E
 *   makes `gpj.exe` show as `exe.jpg`), zero-width characters and the BOM.
 * - The result is NFC, trimmed, at most 200 characters (the extension kept when cut), and not
 *   `.` or `..`; null when nothing is left, for the caller to name the upload itself.
 */

const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/g;
const INVISIBLE_FORMATTING = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;
const PATH_SEPARATORS = /[/\\]/;
export const MAX_FILE_NAME_LENGTH = 200;

export function cleanFileName(name: string | undefined | null): string | null {
  if (!name) return null;
  const lastSegment = name.normalize('NFC').replace(CONTROL_CHARACTERS, '').replace(INVISIBLE_FORMATTING, '').split(PATH_SEPARATORS).at(-1) ?? '';
  const trimmed = lastSegment.trim();
  if (trimmed === '' || trimmed === '.' || trimmed === '..') return null;
  return shorten(trimmed);
}

function shorten(name: string): string {
  const characters = [...name];
  if (characters.length <= MAX_FILE_NAME_LENGTH) return name;
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? '';
  return characters.slice(0, MAX_FILE_NAME_LENGTH - extension.length).join('').trimEnd() + extension;
}
