import { describe, expect, it } from 'vitest';
import { locateTemplates } from '../../src/actions/patch.js';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { createDefaultObservability } from '../../src/catalog/load-observability-data.js';
import { patchPolicy } from '../../src/iac/patch-policy.js';
import { renderStatementList } from '../../src/iac/render-statements.js';
import { applyEdits } from '../../src/iac/text/text-edits.js';
import { readTemplateFileCall } from '../../src/iac/terraform/template-file-call.js';
import { parseHclFile } from '../../src/iac/terraform/hcl-parser.js';
import { loadCases } from '../support/case-loader.js';
import { evidenceOf } from '../support/evidence.js';
import { testResolveContext } from '../support/resolve-context.js';

/** Terraform files and the template files they read, the role's usage, and what the patch writes. */
interface TemplateFileCase {
  files: Record<string, string>;
  used: { action: string; resources: string[] }[];
  expect: { changed: string[]; contains: string[]; absent: string[] };
}

const ctx = { catalog: createEventCatalog().actions, observability: createDefaultObservability() };

describe('templatefile() policies (test/cases/iac-templatefile)', () => {
  for (const c of loadCases<TemplateFileCase>('iac-templatefile')) {
    it(`${c.file}: ${c.description}`, async () => {
      const { files } = c.data;
      const read: string[] = [];
      const tfFiles = Object.keys(files).filter((f) => f.endsWith('.tf'));
      // The template file is read through the port, like any template.
      const templates = await locateTemplates(tfFiles, undefined, async (file) => {
        read.push(file);
        const text = files[file];
        if (text === undefined) throw new Error(`${file}: no such file`);
        return text;
      });
      expect(read.sort()).toEqual(Object.keys(files).sort());
      const changed: string[] = [];
      for (const t of templates) {
        const editable = t.policies.filter((p) => p.kind === 'statements');
        if (editable.length === 0) continue;
        const edits = editable.map((p) => {
          const result = patchPolicy(
            p,
            evidenceOf({ used: c.data.used, dataEventServices: ['s3', 'dynamodb'] }),
            ctx,
            testResolveContext(t.text),
          );
          return renderStatementList(t.text, p, result.statements);
        });
        const after = applyEdits(t.text, edits);
        if (after === t.text) continue;
        changed.push(t.file);
        for (const s of c.data.expect.contains) expect(after).toContain(s);
        for (const s of c.data.expect.absent) expect(after).not.toContain(s);
      }
      expect(changed).toEqual(c.data.expect.changed);
    });
  }
});

describe('a template file that cannot be read', () => {
  it('leaves the Terraform policy as found, saying why, and reads the rest', async () => {
    const c = loadCases<TemplateFileCase>('iac-templatefile')[0];
    const tf = c?.data.files['infra/main.tf'] ?? '';
    const templates = await locateTemplates(['infra/main.tf'], undefined, async (file) => {
      if (file !== 'infra/main.tf') throw new Error(`${file}: cannot read template: ENOENT`);
      return tf;
    });
    expect(templates.map((t) => t.file)).toEqual(['infra/main.tf']);
    const policy = templates[0]?.policies.find((p) => p.templateFile);
    expect(policy?.kind).toBe('unsupported');
    expect(policy?.note).toContain('could not be read: infra/policy.json.tpl: cannot read template');
  });
});

describe('readTemplateFileCall', () => {
  const callOf = (hcl: string) => {
    const items = parseHclFile(`x = ${hcl}\n`) ?? [];
    const item = items[0];
    return item?.t === 'attribute' ? readTemplateFileCall(item.expr) : undefined;
  };
  it.each([
    [
      'templatefile("${path.module}/p.tpl", { a = "x", b = var.b })',
      { path: 'p.tpl', variables: { a: 'x', b: null } },
    ],
    ['templatefile("policies/p.tpl", {})', { path: 'policies/p.tpl', variables: {} }],
    ['file("./p.json")', { path: 'p.json', variables: {} }],
  ])('%s is read', (hcl, want) => {
    const got = callOf(hcl);
    expect(got && { path: got.path, variables: { ...got.variables } }).toEqual(want);
  });
  it.each([
    'templatefile(var.path, {})',
    'templatefile("${path.root}/p.tpl", {})',
    'templatefile("../shared/p.tpl", {})',
    'templatefile("/etc/p.tpl", {})',
  ])('%s is not (not a literal path under this module)', (hcl) => {
    expect(callOf(hcl)).toBeUndefined();
  });
});
