import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { BBox } from '../../src/core/types.ts';
import { findTextLines } from '../../src/stages/clean/text-lines.ts';
import { SAMPLES_DIR } from '../support/samples.ts';

/**
 * Text line pieces as the clean stage finds them on a page: every printed line, and nothing for
 * a signature, a rule or the paper. On the samples' 300 dpi scans (upright and straight, so the
 * scan is what the OCR image would be, give or take the contrast stretch).
 */

async function linesOf(sample: string): Promise<{ lines: BBox[]; width: number; height: number }> {
  const { data, info } = await sharp(path.join(SAMPLES_DIR, sample)).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { lines: findTextLines(new Uint8Array(data), info.width, info.height, 300), width: info.width, height: info.height };
}

describe('findTextLines', () => {
  it('finds the printed lines of a letter, and leaves its signature out', async () => {
    const { lines } = await linesOf('clean-letter.png');
    // 37 lines of text, some split where a right-aligned part stands apart or a short line joins none.
    expect(lines.length).toBeGreaterThanOrEqual(28);
    expect(lines.length).toBeLessThanOrEqual(45);
    for (const line of lines) {
      expect(line.y1 - line.y0).toBeLessThan(90); // one line each, never two run together
      expect(line.x1 - line.x0).toBeGreaterThan(1.5 * (line.y1 - line.y0));
    }
  });

  it('finds the faint paragraph and the mirrored block, which OCR may pass over', async () => {
    const faint = await linesOf('text-faint-paragraph.png');
    expect(faint.lines.filter((line) => line.y0 > 1630 && line.y1 < 1830).length).toBe(3);
    const mirrored = await linesOf('text-unreadable-block.png');
    expect(mirrored.lines.filter((line) => line.y0 > 2770 && line.y1 < 2960).length).toBe(3);
  });

  it('finds nothing on a blank sheet with a streak and a smudge', async () => {
    expect((await linesOf('blank-page.png')).lines).toEqual([]);
  });
});
