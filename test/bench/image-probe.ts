import { extname } from 'node:path';
import { runCommand } from './run-command.ts';

/** The DPI OCRmyPDF assumes for images whose own resolution it rejects. */
export const DEFAULT_IMAGE_DPI = 300;

export interface OcrmypdfImageNeeds {
  /** Set when ocrmypdf would refuse the image's resolution (missing, or ≤ 96 dpi). */
  imageDpi?: number;
  hasAlpha: boolean;
}

/*
 * Asks the same library OCRmyPDF asks (Pillow, under the system python it runs on), with its
 * own rule from ocrmypdf/_pipeline.py triage_image_file: a missing DPI or one ≤ 96 is an error
 * unless --image-dpi is given, and RGBA/LA images are refused outright.
 */
const PROBE_SCRIPT = `
import json, sys
from PIL import Image
for path in sys.argv[1:]:
    with Image.open(path) as im:
        dpi = im.info.get('dpi')
        print(json.dumps({"dpi": [float(v) for v in dpi] if dpi else None, "mode": im.mode}))
`;

/** What each non-PDF input needs before ocrmypdf will accept it, keyed by path. */
export async function probeImagesForOcrmypdf(paths: string[]): Promise<Map<string, OcrmypdfImageNeeds>> {
  const images = paths.filter((path) => extname(path).toLowerCase() !== '.pdf');
  const needs = new Map<string, OcrmypdfImageNeeds>();
  if (images.length === 0) return needs;
  const { stdout } = await runCommand('/usr/bin/python3', ['-c', PROBE_SCRIPT, ...images]);
  const lines = stdout.trim().split('\n');
  images.forEach((path, index) => {
    const probe = JSON.parse(lines[index]) as { dpi: [number, number] | null; mode: string };
    // Python compares the (x, y) tuples lexicographically: dpi <= (96, 96).
    const tooLow = probe.dpi !== null && (probe.dpi[0] < 96 || (probe.dpi[0] === 96 && probe.dpi[1] <= 96));
    const credible = probe.dpi !== null && !tooLow;
    needs.set(path, {
      imageDpi: credible ? undefined : DEFAULT_IMAGE_DPI,
      hasAlpha: probe.mode === 'RGBA' || probe.mode === 'LA',
    });
  });
  return needs;
}
