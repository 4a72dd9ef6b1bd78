import { getItemUsage } from '../support/role-usage.js';
import { isMap, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { locateTemplates, patchTemplates } from '../../src/actions/patch.js';
import { createCatalog } from '../../src/catalog/catalog.js';
import { InputError } from '../../src/errors/iamtrim-error.js';
import { SHORT_TAGS } from '../../src/iac/cloudformation/short-tags.js';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { HclParser } from '../../src/iac/terraform/hcl-parser.js';
import { traversals, type BodyItem, type Expr } from '../../src/iac/terraform/hcl-syntax.js';
import { type UsageReport } from '../../src/usage/usage-report.js';
import { renderPrBody } from '../../src/render/pr-body.js';
import { loadCases } from '../support/case-loader.js';

/**
 * A policy none of whose statements is used must never be written as `Statement: []` (IAM
 * rejects it): it goes whole, with what refers to it, or patch stops with an error naming it.
 * Each case's role (orders-api-role) used dynamodb:GetItem on table/Orders and nothing else.
 */
interface EmptiedCase {
  file: string;
  text: string;
  expect: { removed?: string[]; gone?: string[]; kept?: string[]; error?: string };
}

const catalog = createCatalog();
const ROLE_ARN = 'arn:aws:iam::123456789012:role/orders-api-role';

const usage = (): UsageReport => getItemUsage(ROLE_ARN, catalog);

async function patch(file: string, text: string) {
  const templates = await locateTemplates([file], undefined, async () => text);
  return patchTemplates(
    { templates, usage: usage(), catalog, coverage: { dataEvents: 'all' } },
    {},
    { lastAccessed: async () => undefined },
  );
}

/** Every empty statement list of a template (CloudFormation YAML or JSON, Terraform). */
function emptyStatements(text: string, file = 'template.yaml'): string[] {
  if (file.endsWith('.tf')) return [...text.matchAll(/"?Statement"?\s*[=:]\s*\[\s*\]/g)].map((m) => m[0]);
  const doc = parseDocument(text, { customTags: SHORT_TAGS as never });
  const out: string[] = [];
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (key === 'Statement' && isSeq(pair.value) && pair.value.items.length === 0) out.push(String(key));
    },
  });
  return out;
}

/** The Terraform addresses a file refers to (`aws_*.name`, `data.*.name`) that it does not declare. */
function danglingAddresses(text: string): string[] {
  const body = new HclParser(text).parseFile();
  const declared = new Set<string>();
  for (const b of body)
    if (b.t === 'block' && b.labels.length === 2)
      declared.add(`${b.type === 'data' ? 'data.' : ''}${b.labels.join('.')}`);
  const referred: string[] = [];
  const visitExpr = (e: Expr) => {
    for (const t of traversals(e)) {
      const names = t.steps.flatMap((s) => (s.t === 'attr' ? [s.name] : []));
      const address = t.root === 'data' ? `data.${names.slice(0, 2).join('.')}` : `${t.root}.${names[0]}`;
      if (t.root === 'data' || t.root.startsWith('aws_')) referred.push(address);
    }
  };
  const visitBody = (items: readonly BodyItem[]) => {
    for (const i of items)
      if (i.t === 'attribute') visitExpr(i.expr);
      else visitBody(i.body);
  };
  visitBody(body);
  return referred.filter((r) => !declared.has(r));
}

/** The logical ids a template refers to (Ref, GetAtt, DependsOn) that it does not declare. */
function danglingReferences(text: string, file = 'template.yaml'): string[] {
  if (file.endsWith('.tf')) return danglingAddresses(text);
  const doc = parseDocument(text, { customTags: SHORT_TAGS as never });
  const declared = new Set<string>();
  const root = doc.contents;
  for (const section of ['Resources', 'Parameters'])
    if (isMap(root)) {
      const m = root.get(section, true) as Node | undefined;
      if (isMap(m)) for (const p of m.items) if (isScalar(p.key)) declared.add(String(p.key.value));
    }
  const referred: string[] = [];
  const named = (n: unknown) => {
    if (isScalar(n)) referred.push(String(n.value).split('.')[0] as string);
    else if (isSeq(n)) {
      const first = n.items[0];
      if (isScalar(first)) referred.push(String(first.value));
    }
  };
  visit(doc, {
    Node(_, node) {
      if (node.tag === '!Ref' || node.tag === '!GetAtt') named(node);
    },
    Pair(_, pair) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (key === 'Ref' || key === 'Fn::GetAtt') named(pair.value);
      if (key === 'DependsOn') {
        if (isSeq(pair.value)) for (const i of pair.value.items) named(i);
        else named(pair.value);
      }
    },
  });
  return referred.filter((r) => !r.startsWith('AWS::') && !declared.has(r));
}

describe('a policy emptied by tightening (test/cases/iac-emptied)', () => {
  for (const c of loadCases<EmptiedCase>('iac-emptied')) {
    it(`${c.file}: ${c.description}`, async () => {
      const { file, text, expect: want } = c.data;
      expect(emptyStatements(text, file)).toEqual([]);
      expect(danglingReferences(text, file)).toEqual([]);
      if (want.error) {
        const error = await patch(file, text).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InputError);
        expect((error as Error).message).toMatch(new RegExp(`^${file}: line \\d+: ${want.error}`));
        return;
      }
      const result = await patch(file, text);
      const after = result.outputs[0]?.after ?? '';
      // It parses (JSON stays JSON), holds no empty statement list and refers to nothing removed.
      if (file.endsWith('.json')) expect(() => JSON.parse(after) as unknown).not.toThrow();
      if (file.endsWith('.tf')) expect(() => new HclParser(after).parseFile()).not.toThrow();
      else expect(parseDocument(after, { customTags: SHORT_TAGS as never }).errors).toEqual([]);
      expect(emptyStatements(after, file)).toEqual([]);
      expect(danglingReferences(after, file)).toEqual([]);
      const relocated = locatePolicies(file, after);
      // (Serverless's `statements: []` adds nothing to a policy the framework fills.)
      const empty = relocated.filter((p) => p.kind === 'statements' && p.statements.length === 0);
      expect(empty.filter((p) => p.format !== 'serverless')).toEqual([]);
      const notes = result.removedPolicies.join('\n');
      for (const r of want.removed ?? []) expect(notes).toContain(r);
      for (const g of want.gone ?? []) expect(after).not.toContain(g);
      for (const k of want.kept ?? []) expect(after).toContain(k);
    });
  }
});

describe('the PR body of a patch that removes policies', () => {
  const body = async (file: string, text: string) => {
    const result = await patch(file, text);
    return renderPrBody({
      patched: result.patched,
      skipped: result.skipped,
      coverage: result.coverage,
      sources: ['usage.json'],
      denied: [],
      removedPolicies: result.removedPolicies,
    });
  };
  const text = (name: string) =>
    loadCases<EmptiedCase>('iac-emptied').find((c) => c.file === name)?.data.text ?? '';

  it('lists each removed policy with the references cut with it', async () => {
    const md = await body('template.json', text('cdk-json-default-policy.json'));
    expect(md).toContain('## Policies removed');
    expect(md).toContain('with the references that named it:');
    expect(md).toMatch(
      /FnServiceRoleDefaultPolicyABCDEF12 removed: .*with the DependsOn entry of Fn9270CBC0/,
    );
  });

  it('says a Serverless statements list is left as [] (and why) only when one is', async () => {
    const sls = await body('serverless.yml', text('serverless-block-statements.json'));
    expect(sls).toContain(
      'a Serverless statements list is left as [], to which the framework adds its own statements',
    );
    // Markdown-escaped, as every note in the body.
    expect(sls).toContain(String.raw`provider\.iam\.role\.statements emptied \(written as \[\]\)`);
    const cfn = await body('template.json', text('cdk-json-default-policy.json'));
    expect(cfn).not.toContain('Serverless');
  });
});
