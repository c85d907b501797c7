import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listInputs } from '../../src/runners/list-inputs.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'recto-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('listInputs', () => {
  it('takes the files of a folder (not hidden files or sub-folders) and reports missing paths', async () => {
    for (const name of ['b.pdf', 'a.png', '.DS_Store']) writeFileSync(path.join(dir, name), 'x');
    mkdirSync(path.join(dir, 'expected'));
    const { files, missing } = await listInputs([dir, path.join(dir, 'nope.tif')]);
    expect(files.map((file) => file.fileName)).toEqual(['a.png', 'b.pdf']);
    expect(missing.map((input) => path.basename(input.path))).toEqual(['nope.tif']);
  });

  it('gives clashing names distinct output stems', async () => {
    const other = path.join(dir, 'other');
    mkdirSync(other);
    for (const file of [path.join(dir, 'letter.png'), path.join(dir, 'letter.pdf'), path.join(other, 'letter.png')]) writeFileSync(file, 'x');
    const { files } = await listInputs([path.join(dir, 'letter.png'), path.join(dir, 'letter.pdf'), path.join(other, 'letter.png')]);
    const stems = files.map((file) => file.stem);
    expect(new Set(stems).size).toBe(3);
    expect(stems[0]).toBe('letter_png');
    expect(stems[1]).toBe('letter_pdf');
  });
});
