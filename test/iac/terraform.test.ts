import { describe, expect, it } from 'vitest';
import type { TemplateStatement, TemplateValue } from '../../src/iac/template-policy.js';
import {
  locateTerraformPolicies,
  type TerraformLocatedPolicy,
} from '../../src/iac/terraform/locate-terraform.js';
import { loadCases } from '../support/case-loader.js';
import { rangeProblems } from '../support/terraform-reparse.js';

/** A statement as the case expects it: sources of its values, plus any other fields given. */
interface ExpectedStatement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
  sid?: string | null;
  actionKey?: 'Action' | 'NotAction';
  resourceKey?: 'Resource' | 'NotResource';
  conditionSource?: string | null;
  /** Full values, when the case checks how expressions are read. */
  actionValues?: TemplateValue[];
  resourceValues?: TemplateValue[];
  /** The exact text of the statement's range. */
  text?: string;
}

interface ExpectedPolicy {
  role: string;
  kind: TerraformLocatedPolicy['kind'];
  line: number;
  form?: TerraformLocatedPolicy['form'];
  path?: string;
  indent?: number;
  /** The exact text of listRange. */
  listText?: string;
  /** Substrings the note must contain. */
  noteIncludes?: string[];
  statements: ExpectedStatement[];
}

interface TerraformCase {
  /** The .tf file's text; an array is joined with newlines (easier to write in JSON). */
  hcl: string | string[];
  expect: ExpectedPolicy[];
}

function projectStatement(text: string, st: TemplateStatement, want: ExpectedStatement): ExpectedStatement {
  const got: ExpectedStatement = {
    effect: st.effect,
    actions: st.actions.map((v) => v.source),
    resources: st.resources.map((v) => v.source),
  };
  if ('sid' in want) got.sid = st.sid ?? null;
  if ('actionKey' in want) got.actionKey = st.actionKey;
  if ('resourceKey' in want) got.resourceKey = st.resourceKey;
  if ('conditionSource' in want) got.conditionSource = st.conditionSource ?? null;
  // Offsets are checked for every value by rangeProblems(); cases state the rest.
  const withoutOffset = ({ offset: _offset, ...v }: TemplateValue): TemplateValue => v;
  if ('actionValues' in want) got.actionValues = st.actions.map(withoutOffset);
  if ('resourceValues' in want) got.resourceValues = st.resources.map(withoutOffset);
  if ('text' in want) got.text = text.slice(st.range[0], st.range[1]);
  return got;
}

/** The located policy reduced to the fields the expectation names. */
function project(text: string, p: TerraformLocatedPolicy, want: ExpectedPolicy | undefined): ExpectedPolicy {
  const got: ExpectedPolicy = {
    role: p.role,
    kind: p.kind,
    line: p.line,
    statements: p.statements.map((st, i) => {
      const w = want?.statements[i];
      return w
        ? projectStatement(text, st, w)
        : projectStatement(text, st, { effect: 'Allow', actions: [], resources: [] });
    }),
  };
  if (want?.form !== undefined) got.form = p.form;
  if (want?.path !== undefined) got.path = p.path;
  if (want?.indent !== undefined) got.indent = p.indent;
  if (want?.listText !== undefined)
    got.listText = p.listRange ? text.slice(p.listRange[0], p.listRange[1]) : '';
  if (want?.noteIncludes !== undefined)
    got.noteIncludes =
      want.noteIncludes.filter((s) => p.note?.includes(s)).length === want.noteIncludes.length
        ? want.noteIncludes
        : [`note was: ${p.note}`];
  return got;
}

describe('locateTerraformPolicies (test/cases/iac-terraform)', () => {
  for (const c of loadCases<TerraformCase>('iac-terraform')) {
    it(`${c.file}: ${c.description}`, () => {
      const text = Array.isArray(c.data.hcl) ? c.data.hcl.join('\n') : c.data.hcl;
      const found = locateTerraformPolicies('main.tf', text);
      expect(found.map((p, i) => project(text, p, c.data.expect[i]))).toEqual(c.data.expect);
      for (const p of found) {
        expect(p.file).toBe('main.tf');
        expect(p.format).toBe('terraform');
      }
      expect(rangeProblems(text, found)).toEqual([]);
    });
  }
});

describe('locateTerraformPolicies: edits by range', () => {
  it('replacing listRange touches nothing else in the file', () => {
    const text = [
      '# keep me',
      'data "aws_iam_policy_document" "p" {',
      '  statement {',
      '    actions   = ["s3:GetObject", "s3:PutObject"] # keep? no: inside the list',
      '    resources = ["*"]',
      '  }',
      '}',
      '# and me',
    ].join('\n');
    const [p] = locateTerraformPolicies('main.tf', text);
    const [from, to] = p?.listRange ?? [0, 0];
    // The range is the statement block itself: from `statement` to its closing brace, so
    // the indentation before it and everything after it stay where they are.
    expect(text.slice(from, to)).toBe(text.split('\n').slice(2, 6).join('\n').trimStart());
    const edited = `${text.slice(0, from)}statement {\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }${text.slice(to)}`;
    const again = locateTerraformPolicies('main.tf', edited);
    expect(again).toHaveLength(1);
    expect(again[0]?.statements[0]?.actions.map((v) => v.source)).toEqual(['"s3:GetObject"']);
  });

  it('a file that is not HCL yields one unreadable entry with the position', () => {
    const found = locateTerraformPolicies(
      'bad.tf',
      'resource "aws_iam_role_policy" "p" {\n  policy = "unclosed\n}\n',
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'unreadable', form: 'syntax-error', line: 2, role: 'bad.tf' });
    expect(found[0]?.note).toMatch(/^line 2, column \d+: not valid HCL: /);
  });

  it('a file without policies yields nothing', () => {
    expect(locateTerraformPolicies('main.tf', 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n')).toEqual(
      [],
    );
    expect(locateTerraformPolicies('main.tf', '')).toEqual([]);
  });
});
