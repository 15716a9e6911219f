/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { londonDay } from '@hubline/calendar';

/** Debian's Chromium: CHROMIUM_PATH, else `chromium` or `chromium-browser` on the PATH. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      candidates.push(execFileSync('which', [name], { encoding: 'utf8' }).trim());
    } catch {
      // not on the PATH
    }
  }
  const found = candidates.find((c): c is string => Boolean(c) && existsSync(c!));
  if (!found)
    throw new Error(
      "Chromium is missing: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH.",
    );
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.2 level AA, the level public sector services are held to. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's violations on the page as it is now. axe is evaluated through the browser's
 * debugging protocol, so the page's content security policy stays as strict as it is served.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<any> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map(
      (v: { id: string; help: string; nodes: Array<{ target: string[] }> }) =>
        `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
  }, WCAG_TAGS);
  return violations as string[];
}

/**
 * Waits, when London's day ends within `minutes`, until the next day has begun. A journey that
 * schedules a LAG meeting for today and runs it needs the whole journey inside one day: a meeting
 * is scheduled only in the future and run only on its day.
 */
export async function clearOfMidnight(minutes: number): Promise<void> {
  const day = londonDay(new Date());
  if (londonDay(new Date(Date.now() + minutes * 60_000)) === day) return;
  while (londonDay(new Date()) === day) await new Promise((resolve) => setTimeout(resolve, 5_000));
}
