/**
 * Policy values wherever they are written: attributes that hold a role's policy, policy
 * documents found anywhere in an expression, and managed policy ARNs.
 */
import type { Expr, Block } from './hcl-syntax.js';
import { attributes, literalOf } from './hcl-syntax.js';
import { describeExpr } from './hcl-values.js';
import { LocateContext, stepName, unwrapInterpolation, type Site } from './locate-context.js';
import type { TerraformPolicyForm } from './terraform-policy.js';
import { readTemplateFileCall } from './template-file-call.js';

const POLICY_ARN = /^arn:[^:]*:iam::[^:]*:policy\//;

/** Reads policy values and managed policies; the top-level forms are read by the subclass. */
export abstract class PolicyValueLocator extends LocateContext {
  // -- policy values ---------------------------------------------------------------------

  /**
   * Policies anywhere in a block's attributes. Only `policyAttribute` (directly in this
   * block) holds a role policy; anything found elsewhere is reported as unsupported.
   */
  protected scanBlock(
    block: Block,
    role: string,
    address: string,
    notes: readonly string[],
    policyAttribute?: string,
  ): void {
    const counts = new Map<string, number>();
    for (const item of block.body) {
      if (item.t === 'attribute') {
        const path = `${address}.${item.name}`;
        if (item.name === policyAttribute)
          this.policyValue(item.expr, { role, path, use: 'identity', notes });
        else this.scanExpr(item.expr, { role, path, use: 'other', notes: [] });
      } else {
        const n = counts.get(item.type) ?? 0;
        counts.set(item.type, n + 1);
        this.scanBlock(item, role, `${address}.${item.type}[${n}]`, []);
      }
    }
  }

  protected scanExpr(expr: Expr, site: Site): void {
    for (const [found, step] of this.candidates(expr, ''))
      this.policyDocumentValue(found, { ...site, path: site.path + step });
  }

  /** An attribute that holds a role's policy document (`policy`, `policy_json`). */
  protected policyValue(written: Expr, site: Site): void {
    const expr = unwrapInterpolation(written);
    const found = this.candidates(expr, '');
    if (found.length > 0) {
      const wrapped = found.length > 1 || found[0]?.[0] !== expr;
      for (const [e, step] of found)
        this.policyDocumentValue(e, {
          ...site,
          path: site.path + step,
          notes: wrapped ? [...site.notes, `one of the policies inside a ${describeExpr(expr)}`] : site.notes,
        });
      return;
    }
    const source = this.values.source(expr);
    const encoded = expr.t === 'call' && expr.name === 'jsonencode' ? expr.args[0] : undefined;
    if (
      encoded?.t === 'traversal' &&
      encoded.root === 'local' &&
      this.policyLocals.has(stepName(encoded, 0) ?? '')
    )
      return; // jsonencode(local.policy): located at the local
    if (expr.t === 'traversal') {
      if (expr.root === 'data' && stepName(expr, 0) === 'aws_iam_policy_document') {
        if (this.policyDocuments.has(stepName(expr, 1) ?? '')) return; // located there, with this use in its note
        this.unsupported('expression', site, expr, [`the policy is ${source}, defined in another file`]);
        return;
      }
      if (expr.root === 'local' && this.policyLocals.has(stepName(expr, 0) ?? '')) return;
    }
    const why =
      expr.t === 'call' && (expr.name === 'file' || expr.name === 'templatefile')
        ? `the policy is read from ${this.values.source(expr.args[0] ?? expr)} by ${expr.name}()`
        : expr.t === 'template' && expr.heredoc
          ? 'the heredoc holds no JSON policy document with a Statement'
          : expr.t === 'template'
            ? /Statement/.test(source)
              ? 'the policy is JSON written in a quoted string'
              : 'the policy is a quoted string, not a policy document'
            : expr.t === 'call' && expr.name === 'jsonencode'
              ? 'jsonencode() of something other than an object with a Statement'
              : `the policy is a ${describeExpr(expr)} (${source})`;
    // A policy file at a literal path is read by the caller (see LocatedPolicy.templateFile).
    const templateFile = readTemplateFileCall(expr);
    if (site.use === 'identity')
      this.unsupported(
        'expression',
        site,
        expr,
        [templateFile ? `${why}; located in ${templateFile.path}` : why],
        templateFile ? { templateFile } : {},
      );
  }

  /** A jsonencode() call or heredoc known to hold something with a Statement. */
  protected policyDocumentValue(expr: Expr, site: Site): void {
    const form: TerraformPolicyForm = expr.t === 'template' ? 'heredoc-json' : 'jsonencode';
    const path = `${site.path}.Statement`;
    if (site.use === 'trust') {
      this.unsupported(form, { ...site, path }, expr, [
        'trust policy (who may assume the role), not permissions',
      ]);
      return;
    }
    const parsed =
      expr.t === 'template'
        ? this.heredocs.read(expr)
        : this.statements.objectPolicy(expr.t === 'call' ? expr.args[0] : expr);
    if ('problem' in parsed) {
      this.unsupported(form, { ...site, path }, expr, [parsed.problem]);
      return;
    }
    const problems: string[] = [];
    if (site.use === 'other')
      problems.push(
        parsed.drafts.some((d) => d.principals)
          ? 'resource-based policy (its statements name a Principal); iamtrim edits role policies'
          : `a policy document in ${site.path}, which iamtrim does not know as a role policy`,
      );
    this.finish(form, {
      site: { ...site, path },
      drafts: parsed.drafts,
      problems,
      listRange: parsed.listRange,
      indent: parsed.indent,
      anchor: expr,
    });
  }

  // -- managed policies -------------------------------------------------------------------

  protected managedList(expr: Expr, role: string, path: string, notes: readonly string[]): void {
    if (expr.t === 'tuple')
      expr.items.forEach((item, i) => this.managedArn(item, role, `${path}[${i}]`, notes));
    else
      this.unsupported('managed-policy', { role, path, use: 'identity', notes }, expr, [
        `the managed policy ARNs are a ${describeExpr(expr)} (${this.values.source(expr)})`,
      ]);
  }

  protected managedArn(written: Expr, role: string, path: string, notes: readonly string[]): void {
    const expr = unwrapInterpolation(written);
    const site: Site = { role, path, use: 'identity', notes };
    const source = this.values.source(expr);
    let arn: string | undefined;
    if (expr.t === 'template' && !expr.heredoc) {
      const shape = expr.parts.map((p) => (p.t === 'lit' ? p.value : this.values.source(p))).join('');
      if (POLICY_ARN.test(shape)) arn = literalOf(expr) ?? source;
    } else if (
      expr.t === 'traversal' &&
      expr.root === 'aws_iam_policy' &&
      this.iamPolicies.has(stepName(expr, 0) ?? '')
    )
      return; // located at aws_iam_policy.x, whose note names this attachment
    else if (expr.t === 'traversal' && expr.root === 'data' && stepName(expr, 0) === 'aws_iam_policy') {
      const data = this.iamPolicyData.get(stepName(expr, 1) ?? '');
      const by = data && (attributes(data).get('arn') ?? attributes(data).get('name'));
      if (by) arn = `${source} (${by.name} = ${this.values.source(by.expr)})`;
    }
    if (arn === undefined) {
      this.unsupported('managed-policy', site, expr, [`the managed policy ARN is ${source}`]);
      return;
    }
    this.push(
      {
        file: this.file,
        format: 'terraform',
        form: 'managed-policy',
        role,
        path,
        line: this.lines.line(expr.range[0]),
        kind: 'managed-policy',
        statements: [],
        listRange: undefined,
        indent: this.lines.column(expr.range[0]),
        note: [arn, ...notes].join('; '),
        managedPolicyRef: arn,
      },
      expr.range[0],
    );
  }
}
