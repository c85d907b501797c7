import type { Page } from 'playwright-core';
import { assert } from 'vitest';

/**
 * Where keyboard focus is and whether a person can see it, for the browser tests of keyboard-only
 * use. Visible means the focused element's computed style draws something around it (an outline
 * that is not transparent, or a box shadow) and looks different from the same element unfocused:
 * nhsuk-frontend's buttons carry a shadow even without focus, so a shadow alone proves nothing.
 */

export interface FocusStop {
  /** `#id`, or the text of what has focus; `body` when focus is on nothing. */
  name: string;
  /** Focus fell back to the page itself: a keyboard user has lost their place. */
  onBody: boolean;
  /** The computed outline, shadow and colours with focus, and without. */
  focused: string;
  unfocused: string;
  /** An outline or shadow is drawn with focus, and the look differs from without it. */
  visible: boolean;
}

/** What has focus now, and how it looks with and without focus. */
export function focusStop(page: Page): Promise<FocusStop> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body || element === document.documentElement) {
      return { name: 'body', onBody: true, focused: '', unfocused: '', visible: false };
    }
    const look = () => {
      const style = getComputedStyle(element);
      return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow, style.backgroundColor, style.color, style.borderColor].join(' | ');
    };
    const style = getComputedStyle(element);
    const transparent = (colour: string) => colour === 'transparent' || /rgba\(.*,\s*0\)$/.test(colour);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && !transparent(style.outlineColor);
    const drawn = outlined || style.boxShadow !== 'none';
    const focused = look();
    element.blur();
    const unfocused = look();
    element.focus({ preventScroll: true });
    const name = element.id ? `#${element.id}` : (element.textContent ?? '').replace(/\s+/g, ' ').trim();
    return { name, onBody: false, focused, unfocused, visible: drawn && focused !== unfocused };
  });
}

/**
 * Presses `key` until `until` holds for what has focus (at most `limit` presses), noting each
 * stop. Throws, listing the stops, when it never does.
 */
export async function pressUntil(page: Page, key: string, until: (stop: FocusStop) => boolean, limit = 40): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  for (let press = 0; press < limit; press++) {
    await page.keyboard.press(key);
    const stop = await focusStop(page);
    stops.push(stop);
    if (until(stop)) return stops;
  }
  return assert.fail(`${limit} presses of ${key} never reached the element; focus went: ${stops.map((stop) => stop.name).join(' → ')}`);
}

/** Presses Tab until the element named `name` (`#id` or its text) has focus. */
export function tabUntil(page: Page, name: string, limit = 40): Promise<FocusStop[]> {
  return pressUntil(page, 'Tab', (stop) => stop.name === name, limit);
}
