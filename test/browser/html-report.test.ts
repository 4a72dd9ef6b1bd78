import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAuditHtml } from '../../src/render/audit-html.js';
import { renderDriftHtml } from '../../src/render/drift-html.js';
import { renderSuggestHtml } from '../../src/render/suggest-html.js';
import { auditCase } from '../render/audit-cases.js';
import { broadReport } from '../render/broad-report.js';
import { driftCase } from '../render/drift-cases.js';
import {
  HOSTILE_SHOWN,
  hostileAuditReport,
  hostileDriftReport,
  hostileSuggestReport,
  OWN_TAGS,
} from '../render/html-hostile-reports.js';
import { largeAuditReport, largeDriftReport } from './large-reports.js';

// The HTML reports in a real browser: Debian's chromium driven by playwright-core. `.ci/run`
// installs chromium; without it these tests skip, saying so.
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// Screenshots and the rendered pages, for a human to look at (gitignored).
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const available = existsSync(CHROMIUM);
if (!available)
  console.warn(
    `test/browser: ${CHROMIUM} is missing, so the HTML reports are not tested in a browser (apt-get install -y chromium)`,
  );

const REPORTS: { name: string; hostile: boolean; render: () => string }[] = [
  { name: 'drift', hostile: false, render: () => renderDriftHtml(driftCase('all-kinds')) },
  { name: 'audit', hostile: false, render: () => renderAuditHtml(auditCase('template')) },
  { name: 'suggest', hostile: false, render: () => renderSuggestHtml(broadReport) },
  { name: 'drift-hostile', hostile: true, render: () => renderDriftHtml(hostileDriftReport()) },
  { name: 'audit-hostile', hostile: true, render: () => renderAuditHtml(hostileAuditReport()) },
  { name: 'suggest-hostile', hostile: true, render: () => renderSuggestHtml(hostileSuggestReport()) },
];

/** What a page did while it loaded: console errors, requests other than itself, dialogs. */
interface Watch {
  readonly errors: string[];
  readonly requests: string[];
  readonly dialogs: string[];
}

async function open(context: BrowserContext, file: string): Promise<{ page: Page; watch: Watch }> {
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const watch: Watch = { errors: [], requests: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') watch.errors.push(m.text());
  });
  page.on('pageerror', (e) => watch.errors.push(e.message));
  page.on('request', (r) => {
    if (r.url() !== url) watch.requests.push(r.url());
  });
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, watch };
}

// Every attribute the renderers and the page script write; anything else came from input.
const OWN_ATTRIBUTES = new Set(
  'lang charset http-equiv content name rel href id hidden type placeholder aria-label class title open scope data-sort data-row data-v tabindex aria-sort xmlns width height role x y aria-hidden'.split(
    ' ',
  ),
);

function attributeNames(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(
    "[...new Set([...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)))]",
  );
}

function write(name: string, text: string): string {
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, text);
  return file;
}

describe.skipIf(!available)('HTML reports in chromium', () => {
  let context: BrowserContext;
  let noScript: BrowserContext;
  const profiles: string[] = [];
  const launch = (javaScriptEnabled: boolean): Promise<BrowserContext> => {
    const dir = mkdtempSync(join(tmpdir(), 'iamtrim-chromium-'));
    profiles.push(dir);
    return chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      javaScriptEnabled,
      viewport: { width: 1280, height: 900 },
    });
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    context = await launch(true);
    noScript = await launch(false);
  });
  afterAll(async () => {
    await context?.close();
    await noScript?.close();
    for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
  });

  it.each(REPORTS)('$name: renders with no console error and no request; the script runs', async (r) => {
    const file = write(r.name, r.render());
    const { page, watch } = await open(context, file);
    expect(watch.errors).toEqual([]);
    expect(watch.requests).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    // The controls show only once the script ran: the CSP let exactly our script through.
    await expect(page.locator('#controls').isVisible()).resolves.toBe(true);
    expect(await page.locator('svg').count()).toBeGreaterThan(0);
    const tags = await page.evaluate<string[]>("[...document.querySelectorAll('*')].map((e) => e.localName)");
    expect(tags.filter((t) => !OWN_TAGS.has(t))).toEqual([]);
    expect((await attributeNames(page)).filter((a) => !OWN_ATTRIBUTES.has(a))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, `${r.name}.png`), fullPage: true });
    await page.close();
  });

  it.each(REPORTS.filter((r) => r.hostile))(
    '$name: the hostile role name is inert text, shown with its bidi override visible',
    async (r) => {
      const file = write(r.name, r.render());
      const { page, watch } = await open(context, file);
      // Hover and click everything a handler could hide on, then look for any effect.
      await page.locator('code').first().hover();
      await page.locator('#expand').click();
      expect(watch.dialogs).toEqual([]);
      expect(watch.errors).toEqual([]);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('script').count()).toBe(1);
      // No attribute came from the input: `onerror`, `onmouseover`, `x` would be one.
      expect((await attributeNames(page)).filter((a) => !OWN_ATTRIBUTES.has(a))).toEqual([]);
      const text = await page.evaluate<string>('document.body.textContent');
      expect(text).toContain(HOSTILE_SHOWN);
      expect(text).not.toContain('\u202e');
      await page.close();
    },
  );

  it('filters and sorts rows with the script', async () => {
    const file = write('drift-script', renderDriftHtml(largeDriftReport(300)));
    const { page, watch } = await open(context, file);
    const rows = page.locator('tr[data-row]:visible');
    const before = await rows.count();
    await page.locator('#filter').fill('app-0042-role');
    expect(await rows.count()).toBeLessThan(before);
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) expect(await row.textContent()).toContain('app-0042-role');
    await page.locator('#filter').fill('');
    // Sort the first roles table by "Granted", descending (second click).
    const granted = page.locator('th', { hasText: 'Granted' }).first();
    await granted.click();
    await granted.click();
    const values = await page
      .locator('table')
      .nth(0)
      .evaluate((t: { tBodies: { rows: { cells: { textContent: string | null }[] }[] }[] }) =>
        [...t.tBodies[0]!.rows].map((r) => Number(r.cells[2]!.textContent)),
      );
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it.each(REPORTS.filter((r) => !r.hostile))('$name: reads without JavaScript', async (r) => {
    const file = write(`${r.name}-noscript`, r.render());
    const { page, watch } = await open(noScript, file);
    expect(watch.requests).toEqual([]);
    expect(await page.locator('#controls').isVisible()).toBe(false);
    expect(await page.locator('h1').isVisible()).toBe(true);
    expect(await page.locator('table').first().isVisible()).toBe(true);
    await page.close();
  });

  // Measured and printed, never timed: the machine's speed decides the number.
  it.each([
    ['drift', () => renderDriftHtml(largeDriftReport(5_000))],
    ['audit', () => renderAuditHtml(largeAuditReport(5_000))],
  ] as const)('a 5,000-role %s report stays under 10 MB and opens', async (name, render) => {
    const file = write(`${name}-5000-roles`, render());
    const bytes = statSync(file).size;
    expect(bytes).toBeLessThan(10 * 1024 * 1024);
    const started = performance.now();
    const { page, watch } = await open(context, file);
    const wall = performance.now() - started;
    const load = await page.evaluate<number>("performance.getEntriesByType('navigation')[0].loadEventEnd");
    console.log(
      `${name} report, 5,000 roles: ${(bytes / 1024 / 1024).toFixed(2)} MB, load event at ${Math.round(load)} ms (goto to load: ${Math.round(wall)} ms)`,
    );
    expect(watch.errors).toEqual([]);
    expect(watch.requests).toEqual([]);
    expect(await page.locator('tr[data-row]').count()).toBeGreaterThan(5_000);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-5000-roles.png`) });
    await page.close();
  });
});
