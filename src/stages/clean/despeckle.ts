import { labelComponents } from './components.ts';
import { binarise, histogram, otsuThreshold } from './grey-image.ts';

/**
 * Heavy speckle (toner spray, a dirty platen, a noisy sensor) comes in clumps a median filter
 * cannot remove, and it makes tesseract's layout analysis see "text" everywhere. Ink marks
 * smaller than a full stop are not text: paint them white. The smallest mark kept is about
 * 0.3 mm square, below a full stop or the dot of an i at 9 pt. Only pages measured as
 * speckled get this treatment; clean pages keep their grey levels untouched.
 */
export function despeckleInPlace(grey: Uint8Array, width: number, height: number, dpi: number): number {
  const threshold = otsuThreshold(histogram({ width, height, data: grey }));
  const ink = binarise({ width, height, data: grey }, threshold);
  const { labels, components } = labelComponents(ink);
  const side = (0.3 * dpi) / 25.4;
  const smallestKept = Math.max(4, Math.round(side * side));
  const speck = new Uint8Array(components.length + 1);
  let removed = 0;
  for (const component of components) {
    if (component.area < smallestKept) {
      speck[component.label] = 1;
      removed++;
    }
  }
  // Paper grain lighter than the ink threshold goes too: the page keeps only its ink.
  for (let i = 0; i < grey.length; i++) if (speck[labels[i]] === 1 || grey[i] > threshold) grey[i] = 255;
  return removed;
}
