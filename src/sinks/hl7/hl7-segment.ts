import { escapeHl7Value } from './hl7-escape.ts';

/**
 * HL7 v2 segments written as text from plain values. Values go in unescaped and every one is
 * escaped here (escapeHl7Value), so the structure of a message (| ^ ~ and the CR between
 * segments) can only come from this file, never from data.
 *
 * A field is a string (one component), an array of components (missing ones left empty), or
 * `{ repeat: [...] }` for repetitions, each an array of components.
 */

export type Hl7Components = ReadonlyArray<string | undefined>;
export type Hl7Field = string | undefined | Hl7Components | { repeat: ReadonlyArray<Hl7Components> };

/** Fields by their number (PID-5 is key 5); numbers not given are empty. */
export type Hl7Fields = Readonly<Record<number, Hl7Field>>;

/** The delimiters every message Recto sends uses: MSH-1 and MSH-2. */
const FIELD = '|';
const ENCODING_CHARACTERS = '^~\\&';

export function hl7Segment(id: string, fields: Hl7Fields): string {
  return [id, ...fieldList(fields, 1)].join(FIELD).replace(/\|+$/, '');
}

/** MSH is the one segment whose first two fields are the delimiters themselves; `fields` start at MSH-3. */
export function hl7MessageHeader(fields: Hl7Fields): string {
  return ['MSH', ENCODING_CHARACTERS, ...fieldList(fields, 3)].join(FIELD).replace(/\|+$/, '');
}

/** Segments joined by CR, the HL7 segment terminator. */
export function hl7Message(segments: readonly string[]): string {
  return segments.join('\r');
}

function fieldList(fields: Hl7Fields, first: number): string[] {
  const numbers = Object.keys(fields).map(Number);
  const last = Math.max(first - 1, ...numbers);
  const list: string[] = [];
  for (let number = first; number <= last; number++) list.push(encodeField(fields[number]));
  return list;
}

function encodeField(field: Hl7Field): string {
  if (field === undefined) return '';
  if (typeof field === 'string') return escapeHl7Value(field);
  if ('repeat' in field) return field.repeat.map(encodeComponents).join('~');
  return encodeComponents(field as Hl7Components);
}

function encodeComponents(components: Hl7Components): string {
  return components.map((component) => escapeHl7Value(component ?? '')).join('^').replace(/\^+$/, '');
}
