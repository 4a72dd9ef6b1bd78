import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCatalog, eventCatalogOf } from '../../src/catalog/catalog.js';
import { InputError } from '../../src/errors/iamtrim-error.js';
import { usageRenderers } from '../../src/render/index.js';
import { checkJsonSchema, type JsonSchema } from '../../src/sources/check-json-schema.js';
import { readUsageFile } from '../../src/sources/read-usage-file.js';
import { addRecord, defaultAggregateOptions } from '../../src/usage/add-record.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport, USAGE_FORMAT_VERSION, type UsageReport } from '../../src/usage/usage-report.js';
import { loadCases } from '../support/case-loader.js';
import { callRecord } from '../support/records.js';
import { runMain } from '../support/run-main.js';

const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-usage-file-'));
const schema = JSON.parse(readFileSync('schema/usage.schema.json', 'utf8')) as JsonSchema;

/** A report as `usage --format json` writes it: one role, a call with and one without a resource. */
function report(): UsageReport {
  const catalog = createCatalog();
  const acc = createUsageAccumulator();
  for (const r of [callRecord({}), callRecord({ name: 'PutItem', time: '2026-11-20T00:00:00Z' })])
    addRecord(acc, r, 'test', eventCatalogOf(catalog), defaultAggregateOptions);
  return toUsageReport(acc);
}

function written(doc: unknown, name = `usage-${Math.random().toString(36).slice(2)}.json`): string {
  const file = join(tmp, name);
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

async function readError(file: string): Promise<InputError> {
  const error = await readUsageFile(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

/** `edits` applied to the written report: [op, dotted path, value]. */
interface UsageFileCase {
  edits: ['set' | 'delete', string, unknown?][];
  message: string;
}

function edited(doc: unknown, edits: UsageFileCase['edits']): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  for (const [op, path, value] of edits) {
    const keys = path.split('.');
    const last = keys.pop() as string;
    let at: Record<string, unknown> = copy;
    for (const k of keys) at = at[k] as Record<string, unknown>;
    if (op === 'delete') delete at[last];
    else at[last] = value;
  }
  return copy;
}

describe('usage.json: format version and schema', () => {
  const json = usageRenderers.json(report());

  it('usage --format json writes formatVersion first, and the file conforms to the shipped schema', () => {
    const doc = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(doc)[0]).toBe('formatVersion');
    expect(doc.formatVersion).toBe(USAGE_FORMAT_VERSION);
    expect(checkJsonSchema(doc, schema)).toBeUndefined();
  });

  it('reads back what it wrote, without the version field', async () => {
    expect(await readUsageFile(written(json))).toEqual(report());
  });

  it('reads a file written before formatVersion existed as version 1', async () => {
    const { formatVersion: _v, ...old } = JSON.parse(json) as Record<string, unknown>;
    expect(await readUsageFile(written(old))).toEqual(report());
  });

  for (const version of [2, 0, '1', null]) {
    it(`refuses formatVersion ${JSON.stringify(version)}, naming the file and the version it reads`, async () => {
      const file = written({ ...(JSON.parse(json) as object), formatVersion: version });
      const error = await readError(file);
      expect(error.message).toBe(
        `${file}: usage report format version ${JSON.stringify(version)} is not one this iamtrim reads (it reads 1): use the iamtrim that wrote it, or write the report again with this one (iamtrim usage --format json)`,
      );
    });
  }

  for (const c of loadCases<UsageFileCase>('usage-file')) {
    it(`${c.file}: ${c.description}`, async () => {
      const file = written(edited(JSON.parse(json), c.data.edits));
      const error = await readError(file);
      expect(error.message).toBe(
        `${file}: not an iamtrim usage report: ${c.data.message} (write one with iamtrim usage --format json)`,
      );
    });
  }

  it('the schema ships in the package', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schema');
  });

  it('a hand-edited file is one line naming the file, not a crash later (suggest --usage)', async () => {
    const file = written(edited(JSON.parse(json), [['delete', 'principals.0.actions.0.resources']]));
    const run = await runMain(['suggest', '--usage', file, '--role', 'orders-api-role']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      `iamtrim: error: ${file}: not an iamtrim usage report: $.principals[0].actions[0]: missing "resources" (write one with iamtrim usage --format json)`,
    );
  });
});
