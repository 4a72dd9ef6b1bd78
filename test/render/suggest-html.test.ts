import { describe, expect, it } from 'vitest';
import { renderSuggestHtml } from '../../src/render/suggest-html.js';
import { runMain } from '../support/run-main.js';
import { broadReport } from './broad-report.js';
import { expectGolden } from './golden.js';
import { expectInertHtml } from './html-hostile-reports.js';

// `suggest --format html` on the bundled example, through the CLI as a user runs it.
const SUGGEST = [
  'suggest',
  '--cloudtrail',
  'fixtures/example/cloudtrail',
  '--trail-config',
  'fixtures/example/trail-selectors.json',
  '--role',
  'orders-api-role',
  '--policy',
  'fixtures/example/policies/orders-api-role.json',
  '--quiet',
  '--format',
  'html',
];

describe('suggest --format html', () => {
  it('on the bundled example matches its golden file', async () => {
    const run = await runMain(SUGGEST);
    expect(run.status, run.stderr).toBe(0);
    expectInertHtml(run.stdout);
    expectGolden('example-suggest.html', run.stdout);
  });

  it('charts each policy: granted, used and removable actions, each counted once', () => {
    const page = renderSuggestHtml(broadReport);
    const removed = new Set(
      broadReport.results
        .flatMap((r) => r.decisions)
        .flatMap((d) => (d.kind === 'action-removed' ? [d.action.toLowerCase()] : [])),
    ).size;
    expect(removed).toBeGreaterThan(0);
    expect(page).toMatch(new RegExp(`<title>[^<]*: \\d+ granted, \\d+ used, ${removed} removable</title>`));
    expect(page).toContain(`<td class="n">${removed}</td>`);
  });
});
