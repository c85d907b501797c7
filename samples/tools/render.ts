// Lays printed blocks out on an A4 page as SVG (one <text> per line, so the golden text is
// known exactly) and rasterises it with sharp/librsvg to a single-channel greyscale buffer.
// Everything is drawn black on white; paper tone, ink colour and damage are applied later
// by degrade.ts so that one renderer serves every sample.

import sharp from 'sharp';
import type { Block } from './letter.ts';
import { escapeXml, estimateWidth, wrap, type FontFamily } from './fonts.ts';

/** A greyscale page: one byte per pixel, row-major. */
export interface Page {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface PageSpec {
  family: FontFamily;
  dpi: number; // 300 for most samples, 200 for the fax
  /** Line printed above the letterhead by a fax machine, in a monospaced font. */
  faxHeader?: string;
  /** Sheet size and print margins; A4 letter margins when absent. */
  paper?: Paper;
}

/** A sheet in mm, with the margins the print keeps to. */
export interface Paper {
  width: number;
  height: number;
  margin: { left: number; right: number; top: number; bottom: number };
}

export const A4_MM = { width: 210, height: 297 };
const MARGIN_MM = { left: 25, right: 20, top: 15, bottom: 12 };
export const A4_PAPER: Paper = { ...A4_MM, margin: MARGIN_MM };
// Light grey, as the coloured boxes of printed charts come out of a greyscale scanner.
const GRID_GREY = '#999';
const LINE_HEIGHT = 1.3; // x font size
const GRID_LINE_HEIGHT = 1.6; // boxed rows leave room between the print and the box lines

export const mmToPx = (mm: number, dpi: number): number => Math.round((mm / 25.4) * dpi);

export interface Layout {
  svg: string;
  lines: string[]; // golden text, '' marks a paragraph break
  width: number;
  height: number;
}

/** Turn blocks into SVG plus the exact text printed, in reading order. */
export function layoutPage(blocks: Block[], spec: PageSpec): Layout {
  const k = spec.dpi / 300; // block sizes are specified for 300 dpi
  const paper = spec.paper ?? A4_PAPER;
  const width = mmToPx(paper.width, spec.dpi);
  const height = mmToPx(paper.height, spec.dpi);
  const left = mmToPx(paper.margin.left, spec.dpi);
  const right = width - mmToPx(paper.margin.right, spec.dpi);
  const body = 48 * k;
  const parts: string[] = [];
  const lines: string[] = [];
  let y = mmToPx(paper.margin.top, spec.dpi);

  const draw = (s: string, x: number, size: number, anchor: string, weight: string, family: string, top = y): void => {
    const baseline = Math.round(top + size * 0.8);
    parts.push(
      `<text x="${Math.round(x)}" y="${baseline}" font-family="${family}" font-size="${size.toFixed(1)}" ` +
        `font-weight="${weight}" text-anchor="${anchor}" fill="#000">${escapeXml(s)}</text>`,
    );
  };
  const text = (s: string, x: number, size: number, anchor: string, weight: string, family: string): void => {
    draw(s, x, size, anchor, weight, family);
    y += size * LINE_HEIGHT;
  };
  const row = (b: Extract<Block, { kind: 'row' }>): void => {
    const size = b.size * k;
    const pad = b.grid ? mmToPx(1.2, spec.dpi) : 0;
    const rowHeight = size * (b.grid ? GRID_LINE_HEIGHT : LINE_HEIGHT);
    // Ink runs from about 0.07 to 1.04 x size below the text top: centre that in a boxed row.
    const textTop = y + rowHeight / 2 - size * 0.55;
    const starts = b.cells.map((cell) => left + mmToPx(cell.at, spec.dpi));
    b.cells.forEach((cell, i) => {
      const end = i + 1 < starts.length ? starts[i + 1] : right;
      if (estimateWidth(cell.text, spec.family, size, b.bold) > end - starts[i] - 2 * pad) {
        throw new Error(`table cell "${cell.text}" is wider than its ${end - starts[i]} px column`);
      }
      if (b.grid) {
        parts.push(
          `<rect x="${starts[i]}" y="${Math.round(y)}" width="${end - starts[i]}" ` +
            `height="${Math.round(rowHeight)}" fill="none" stroke="${GRID_GREY}" stroke-width="${Math.max(2, Math.round(3 * k))}"/>`,
        );
      }
      if (cell.text) draw(cell.text, starts[i] + pad, size, 'start', b.bold ? 'bold' : 'normal', spec.family, b.grid ? textTop : y);
    });
    const printed = b.cells.map((cell) => cell.text).filter(Boolean);
    if (printed.length > 0) lines.push(printed.join(' '));
    y += rowHeight;
  };
  const gap = (space: number): void => {
    if (space >= 0.5 && lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
    y += space * body * LINE_HEIGHT;
  };

  if (spec.faxHeader) {
    // The receiving machine prints its header close to the top edge, before the letterhead.
    y = mmToPx(3, spec.dpi);
    text(spec.faxHeader, left / 2, 36 * k, 'start', 'bold', 'Nimbus Mono PS');
    lines.push(spec.faxHeader);
    y = Math.max(y, mmToPx(paper.margin.top, spec.dpi));
    gap(0.5);
  }

  for (const b of blocks) {
    gap(b.space);
    if (b.kind === 'line') {
      const size = b.size * k;
      text(b.text, b.align === 'right' ? right : left, size, b.align === 'right' ? 'end' : 'start', b.bold ? 'bold' : 'normal', spec.family);
      lines.push(b.text);
    } else if (b.kind === 'para') {
      const size = b.size * k;
      for (const line of wrap(b.text, spec.family, size, right - left)) {
        text(line, left, size, 'start', 'normal', spec.family);
        lines.push(line);
      }
    } else if (b.kind === 'row') {
      row(b);
    } else if (b.kind === 'rule') {
      parts.push(`<rect x="${left}" y="${Math.round(y)}" width="${right - left}" height="${Math.max(2, Math.round(3 * k))}" fill="#333"/>`);
      y += 6 * k;
    } else {
      // A pen signature: ink but not text, so it adds no golden line.
      // The squiggle spans about -80..+50 px (x k) around its start; scale 0.8 and start
      // at 60 % of a 2.4-line block so it touches neither the line above nor the name below.
      const h = body * 2.4;
      const q = 0.8 * k;
      const x0 = left + 10 * k;
      const yb = y + h * 0.6;
      parts.push(
        `<path d="M ${x0} ${yb} c ${40 * q} ${-90 * q} ${70 * q} ${-100 * q} ${60 * q} ${-20 * q} ` +
          `s ${-50 * q} ${60 * q} ${10 * q} ${10 * q} s ${60 * q} ${-70 * q} ${90 * q} ${-30 * q} ` +
          `s ${20 * q} ${40 * q} ${80 * q} ${-10 * q} l ${120 * q} ${-20 * q}" ` +
          `fill="none" stroke="#000" stroke-width="${(4 * k).toFixed(1)}" stroke-linecap="round"/>`,
      );
      y += h;
    }
  }
  if (y > height - mmToPx(paper.margin.bottom, spec.dpi)) {
    throw new Error(`page overflows the bottom margin (y=${Math.round(y)} of ${height}): shorten the text`);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="#fff"/>${parts.join('')}</svg>`;
  return { svg, lines, width, height };
}

/** Rasterise the SVG to greyscale. librsvg maps 1 SVG px to 1 output px at its default 72 dpi. */
export async function rasterise(layout: Layout): Promise<Page> {
  const { data, info } = await sharp(Buffer.from(layout.svg))
    .flatten({ background: '#ffffff' })
    .greyscale()
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== layout.width || info.height !== layout.height) {
    throw new Error(`rasterised ${info.width}x${info.height}, expected ${layout.width}x${layout.height}`);
  }
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** A page with no print at all (for the blank-sheet sample). */
export function blankPage(dpi: number): Page {
  const width = mmToPx(A4_MM.width, dpi);
  const height = mmToPx(A4_MM.height, dpi);
  return { width, height, data: new Uint8Array(width * height).fill(255) };
}
