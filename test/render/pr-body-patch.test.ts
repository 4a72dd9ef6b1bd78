import { describe, expect, it } from 'vitest';
import { locateTemplates, patchTemplates } from '../../src/actions/patch.js';
import { createCatalog, eventCatalogOf } from '../../src/catalog/catalog.js';
import { stackResourceMap, type StackResourceRow } from '../../src/model/stack-resource.js';
import { renderPrBody, type PrBodyInput } from '../../src/render/pr-body.js';
import { addRecord, defaultAggregateOptions } from '../../src/usage/add-record.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport, type UsageReport } from '../../src/usage/usage-report.js';
import { loadCases } from '../support/case-loader.js';
import { callRecord } from '../support/records.js';
import { expectGolden, longLines } from './golden.js';

/**
 * The PR body of a real patch (template + evidence → patchTemplates → renderPrBody), one case
 * file per template under test/cases/pr-body/: the body says what the diff does, stays short
 * when hundreds of actions go, and prints multi-line expressions as code.
 */
interface PrBodyCase {
  /** The template's name, which picks its format (template.yaml, template.json, main.tf). */
  readonly file: string;
  /** The template, one string a line. */
  readonly template: readonly string[];
  /** The calls the role made, as CloudTrail logs them. */
  readonly calls: readonly { source: string; name: string; params?: Record<string, unknown> }[];
  readonly stackResources?: readonly StackResourceRow[];
  /** A golden file under test/golden/ for the whole body. */
  readonly golden?: string;
  /** Text the body must hold, and text it must not (an ARN the diff never writes). */
  readonly contains?: readonly string[];
  readonly absent?: readonly string[];
  /** At most this many lines outside `<details>` blocks (what a reviewer sees unfolded). */
  readonly maxUnfoldedLines?: number;
  /** At most this many unfolded lines in the "Removed" section (one per service, and blanks). */
  readonly maxUnfoldedRemovedLines?: number;
}

const catalog = createCatalog();
const ROLE_ARN = 'arn:aws:iam::123456789012:role/orders-api-role';

function usageOf(calls: PrBodyCase['calls']): UsageReport {
  const acc = createUsageAccumulator();
  for (const day of ['2026-10-01', '2026-11-10'])
    for (const c of calls)
      addRecord(
        acc,
        callRecord({
          role: ROLE_ARN,
          time: `${day}T12:00:00Z`,
          source: c.source,
          name: c.name,
          params: c.params ?? {},
        }),
        'test',
        eventCatalogOf(catalog),
        defaultAggregateOptions,
      );
  return toUsageReport(acc);
}

async function prBodyInputOf(c: PrBodyCase): Promise<PrBodyInput> {
  const text = c.template.join('\n') + '\n';
  const templates = await locateTemplates([c.file], undefined, async () => text);
  const result = await patchTemplates(
    {
      templates,
      usage: usageOf(c.calls),
      catalog,
      coverage: { dataEvents: 'all' },
      stack: stackResourceMap(c.stackResources ?? []),
    },
    {},
    { lastAccessed: async () => undefined },
  );
  expect(result.outputs.length, 'the case changes its template').toBe(1);
  return {
    patched: result.patched,
    skipped: result.skipped,
    coverage: result.coverage,
    sources: ['usage.json'],
    denied: [],
    removedPolicies: result.removedPolicies,
  };
}

/** The lines a reviewer sees before unfolding anything. */
function unfolded(body: string): string[] {
  let depth = 0;
  return body.split('\n').filter((line) => {
    if (line.startsWith('<details>')) depth++;
    const shown = depth === 0;
    if (line === '</details>') depth--;
    return shown;
  });
}

describe.each(loadCases<PrBodyCase>('pr-body'))('$file', ({ description, data }) => {
  it(description, async () => {
    const input = await prBodyInputOf(data);
    const body = renderPrBody(input);
    // Read from the data, not object identity: a copy of the patch result says the same.
    expect(renderPrBody(structuredClone(input))).toBe(body);
    if (process.env.SHOW_BODY) console.log(body);
    for (const text of data.absent ?? []) expect(body).not.toContain(text);
    for (const text of data.contains ?? []) expect(body).toContain(text);
    if (data.maxUnfoldedLines !== undefined)
      expect(unfolded(body).length).toBeLessThanOrEqual(data.maxUnfoldedLines);
    if (data.maxUnfoldedRemovedLines !== undefined) {
      const removed = body.slice(body.indexOf('### Removed'), body.indexOf('### Resources narrowed'));
      expect(unfolded(removed).length).toBeLessThanOrEqual(data.maxUnfoldedRemovedLines);
    }
    expect(body).not.toContain('\\u000a');
    expect(longLines(body)).toEqual([]);
    if (data.golden) expectGolden(data.golden, body);
  });
});
