import type { TemplateStatement } from '../../src/iac/template-policy.js';
import {
  locateTerraformPolicies,
  type TerraformLocatedPolicy,
} from '../../src/iac/terraform/locate-terraform.js';

/** Wrappers that make one statement's source text a file of its own, per form. */
const WRAPPERS: Partial<Record<TerraformLocatedPolicy['form'], readonly [string, string]>> = {
  'policy-document': ['data "aws_iam_policy_document" "reparse" {\n', '\n}\n'],
  jsonencode: [
    'resource "aws_iam_policy" "reparse" {\n  policy = jsonencode({\n    Statement = [\n',
    '\n    ]\n  })\n}\n',
  ],
  'heredoc-json': [
    'resource "aws_iam_policy" "reparse" {\n  policy = <<IAMTRIM_REPARSE\n{"Statement": [\n',
    '\n]}\nIAMTRIM_REPARSE\n}\n',
  ],
  'module-statements': [
    'module "reparse" {\n  source = "terraform-aws-modules/lambda/aws"\n  attach_policy_statements = true\n  policy_statements = {\n',
    '\n  }\n}\n',
  ],
};

/**
 * Problems with the located policies of one file: every statement's range, cut out and
 * read again on its own, must give the same statement; statements lie inside the list
 * range, in order, without overlapping; every value's source lies inside its statement.
 */
export function rangeProblems(text: string, policies: readonly TerraformLocatedPolicy[]): string[] {
  const problems: string[] = [];
  for (const p of policies) {
    const where = `${p.path} (line ${p.line})`;
    if (p.kind !== 'statements') {
      if (p.listRange !== undefined) problems.push(`${where}: a ${p.kind} entry has a listRange`);
      if (p.kind === 'unsupported' && !p.note) problems.push(`${where}: unsupported without a note`);
      continue;
    }
    if (!p.listRange) {
      problems.push(`${where}: no listRange`);
      continue;
    }
    const [from, to] = p.listRange;
    let previousEnd = from;
    for (const st of p.statements) {
      const [s, e] = st.range;
      if (s < previousEnd || e > to || s >= e)
        problems.push(`${where}: statement range ${s}-${e} out of order or outside ${from}-${to}`);
      previousEnd = e;
      const slice = text.slice(s, e);
      for (const v of [...st.actions, ...st.resources]) {
        if (v.offset === undefined) problems.push(`${where}: value ${v.source} has no offset`);
        else if (v.offset < s || v.offset + v.source.length > e || !text.startsWith(v.source, v.offset))
          problems.push(`${where}: value ${v.source} is not at its offset ${v.offset} inside its statement`);
      }
      if (st.conditionSource !== undefined) {
        // Conditions split by other attributes are joined: their first line is where the offset says.
        const first = st.conditionSource.split('\n')[0] ?? '';
        if (
          st.conditionOffset === undefined ||
          st.conditionOffset < s ||
          !text.startsWith(first, st.conditionOffset)
        )
          problems.push(`${where}: the condition is not at its offset ${st.conditionOffset}`);
      }
      const wrapper = WRAPPERS[p.form];
      if (!wrapper) {
        problems.push(`${where}: no re-parse wrapper for form ${p.form}`);
        continue;
      }
      const [prefix, suffix] = wrapper;
      const again = locateTerraformPolicies('reparse.tf', prefix + slice + suffix).filter(
        (x) => x.kind === 'statements',
      );
      const only = again[0]?.statements;
      if (again.length !== 1 || only?.length !== 1 || !only[0]) {
        problems.push(`${where}: statement at ${s}-${e} does not re-parse to one statement`);
        continue;
      }
      // Offsets move with the statement: the same place relative to its start.
      const shift = (offset: number | undefined): number | undefined =>
        offset === undefined ? undefined : offset - s + prefix.length;
      const expected: TemplateStatement = {
        ...st,
        actions: st.actions.map((v) => ({ ...v, offset: shift(v.offset) })),
        resources: st.resources.map((v) => ({ ...v, offset: shift(v.offset) })),
        conditionOffset: shift(st.conditionOffset),
        range: [prefix.length, prefix.length + slice.length],
      };
      if (JSON.stringify(only[0]) !== JSON.stringify(expected))
        problems.push(
          `${where}: statement at ${s}-${e} re-parses differently:\n  ${JSON.stringify(only[0])}\n  ${JSON.stringify(expected)}`,
        );
    }
  }
  return problems;
}
