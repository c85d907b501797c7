import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const SAMPLES_DIR = path.resolve(import.meta.dirname, '../../samples');

export interface SampleExpectation {
  case: string;
  format: 'png' | 'jpeg' | 'tiff' | 'pdf';
  pages: number;
  dpi: number;
  uprightRotation: 0 | 90 | 180 | 270;
  deskewDegrees: number;
  blankPages: number[];
  nhsNumbers: string[];
}

export function sampleManifest(): Record<string, SampleExpectation> {
  return JSON.parse(readFileSync(path.join(SAMPLES_DIR, 'expected/manifest.json'), 'utf8'));
}

export function sampleFiles(): string[] {
  return readdirSync(SAMPLES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

export function sampleTruth(fileName: string): string {
  const stem = path.basename(fileName, path.extname(fileName));
  return readFileSync(path.join(SAMPLES_DIR, 'expected', `${stem}.txt`), 'utf8');
}
