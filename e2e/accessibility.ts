import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * axe-core over the page as it stands, frames included (the player's content frame too, which
 * runs on the content origin): no violation of WCAG 2.1 A/AA rules. `exclude` leaves out parts
 * that are not ours (a course package's own markup). Checked once the page has come to rest.
 */
export async function expectAccessible(page: Page, options: { exclude?: string[] } = {}): Promise<void> {
  // What a click just started (a dialog opening) mounts within a frame or two: let those pass
  // first, so the waits below see it.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  // A dialog fading in is half transparent until its transition ends: axe would measure the
  // contrast of text on its way in. Wait until no transition of the page runs (endless ones, a
  // loader's spin, never end and are left alone).
  await page.waitForFunction(
    () => document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
    undefined,
    { timeout: 5000 },
  );
  // Mantine starts a dialog's transition a frame after it mounts: before that no transition runs
  // yet the dialog is still transparent. Wait until every dialog and what holds it is opaque.
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[role="dialog"], [role="alertdialog"]')].every((dialog) => {
        for (let element: Element | null = dialog; element; element = element.parentElement) {
          if (Number(getComputedStyle(element).opacity) < 1) return false;
        }
        return true;
      }),
    undefined,
    { timeout: 5000 },
  );
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}
