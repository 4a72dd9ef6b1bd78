/**
 * The state the Terraform locator shares between its parts: what the file defines, every
 * reference in it, and the policies found so far.
 */
import { LineIndex } from '../text/positions.js';
import {
  attributes,
  children,
  objectField,
  traversals,
  type Block,
  type BodyItem,
  type Expr,
  type Range,
  type TraversalExpr,
} from './hcl-syntax.js';
import { ValueReader } from './hcl-values.js';
import { HeredocPolicyReader } from './read-heredoc-policy.js';
import { StatementReader, type StatementDraft } from './read-statements.js';
import type { TerraformLocatedPolicy, TerraformPolicyForm } from './terraform-policy.js';

/** Where a policy value sits and what it is for. */
export interface Site {
  /** The `role` of a located policy. */
  readonly role: string;
  /** The dotted path of the attribute holding it. */
  readonly path: string;
  /**
   * `identity`: a role's (or user's/group's) permissions; `trust`: who may assume a
   * role; `other`: any other attribute (resource policies, module inputs iamtrim does not
   * know, outputs).
   */
  readonly use: 'identity' | 'trust' | 'other';
  readonly notes: readonly string[];
}

/** A reference somewhere in the file, and where it is. */
interface Reference {
  readonly traversal: TraversalExpr;
  /** `aws_iam_role_policy.x.policy`. */
  readonly where: string;
  readonly top: Block;
}

interface Entry {
  readonly policy: TerraformLocatedPolicy;
  readonly anchor: number;
}

/** Definitions, references and results of one file; the forms are read by subclasses. */
export abstract class LocateContext {
  protected readonly lines: LineIndex;
  protected readonly values: ValueReader;
  protected readonly statements: StatementReader;
  protected readonly heredocs: HeredocPolicyReader;
  private readonly entries: Entry[] = [];
  private readonly references: Reference[] = [];
  protected readonly policyDocuments = new Set<string>();
  protected readonly policyLocals = new Set<string>();
  protected readonly iamPolicies = new Set<string>();
  protected readonly iamPolicyData = new Map<string, Block>();

  constructor(
    protected readonly file: string,
    protected readonly text: string,
    protected readonly body: readonly BodyItem[],
  ) {
    this.lines = new LineIndex(text);
    this.values = new ValueReader(text);
    this.statements = new StatementReader(text, this.lines, this.values);
    this.heredocs = new HeredocPolicyReader(text, this.lines, this.values);
  }

  /** The policies found, in file order. */
  protected results(): TerraformLocatedPolicy[] {
    return this.entries.sort((a, b) => a.anchor - b.anchor).map((e) => e.policy);
  }

  // -- what the file defines, and every reference in it -------------------------------

  protected index(): void {
    for (const item of this.body) {
      if (item.t !== 'block') continue;
      const [first, second] = item.labels;
      if (item.type === 'data' && first === 'aws_iam_policy_document' && second)
        this.policyDocuments.add(second);
      if (item.type === 'data' && first === 'aws_iam_policy' && second) this.iamPolicyData.set(second, item);
      if (item.type === 'resource' && first === 'aws_iam_policy' && second) this.iamPolicies.add(second);
      if (item.type === 'locals')
        for (const a of attributes(item).values())
          if (this.candidates(a.expr, '').length > 0) this.policyLocals.add(a.name);
      const address = blockAddress(item);
      const visit = (block: Block, prefix: string): void => {
        const counts = new Map<string, number>();
        for (const inner of block.body) {
          if (inner.t === 'attribute') {
            const where = item.type === 'locals' ? `local.${inner.name}` : `${prefix}.${inner.name}`;
            for (const traversal of traversals(inner.expr))
              this.references.push({ traversal, where, top: item });
          } else {
            const n = counts.get(inner.type) ?? 0;
            counts.set(inner.type, n + 1);
            visit(inner, `${prefix}.${inner.type}[${n}]`);
          }
        }
      };
      visit(item, address);
    }
  }

  /** Where a reference matching `match` is used, with the role each user names. */
  protected users(match: (t: TraversalExpr) => boolean, depth = 0): { notes: string[]; trust: boolean } {
    const notes = new Set<string>();
    let trust = false;
    for (const ref of this.references) {
      if (!match(ref.traversal)) continue;
      if (ref.where.endsWith('.assume_role_policy')) trust = true;
      const attrs = attributes(ref.top);
      const [type, name] = ref.top.labels;
      const role = ref.top.type === 'resource' ? (attrs.get('role') ?? attrs.get('roles')) : undefined;
      let note = role ? `${ref.where} (${role.name} = ${this.values.source(role.expr)})` : ref.where;
      // A document used by an aws_iam_policy reaches a role through that policy's attachments.
      if (ref.top.type === 'resource' && type === 'aws_iam_policy' && name !== undefined && depth === 0) {
        const attached = this.users((t) => isNamed(t, 'aws_iam_policy', name), depth + 1).notes;
        if (attached.length > 0) note += ` (attached by ${attached.join(', ')})`;
      }
      notes.add(note);
    }
    return { notes: [...notes], trust };
  }

  protected usedBy(match: (t: TraversalExpr) => boolean, verb = 'used'): { note: string; trust: boolean } {
    const { notes, trust } = this.users(match);
    return { note: notes.length > 0 ? `${verb} by ${notes.join(', ')}` : `not ${verb} in this file`, trust };
  }

  /**
   * Policy documents anywhere inside `expr`: jsonencode() of an object with a Statement,
   * such an object on its own (a local that a jsonencode() elsewhere encodes), and
   * heredoc JSON with a "Statement".
   */
  protected candidates(expr: Expr, path: string): [Expr, string][] {
    if (expr.t === 'call' && expr.name === 'jsonencode') {
      const arg = expr.args[0];
      if (arg?.t === 'object' && objectField(arg, 'Statement')) return [[expr, path]];
    }
    if (expr.t === 'object' && objectField(expr, 'Statement')) return [[expr, path]];
    if (expr.t === 'template' && expr.heredoc && /"Statement"\s*:/.test(this.values.source(expr)))
      return [[expr, path]];
    return children(expr).flatMap(([child, step]) => this.candidates(child, path + step));
  }

  // -- results -----------------------------------------------------------------------------

  protected finish(
    form: TerraformPolicyForm,
    found: {
      site: Site;
      drafts: readonly StatementDraft[];
      problems: readonly string[];
      listRange: Range;
      indent: number;
      anchor: { readonly range: Range };
    },
  ): void {
    const { site, drafts } = found;
    const problems = [...found.problems, ...drafts.flatMap((d) => d.problems)];
    if (site.use === 'trust') problems.unshift('trust policy (who may assume the role), not permissions');
    else if (drafts.some((d) => d.principals) && site.use === 'identity')
      problems.unshift('its statements name principals: a trust or resource-based policy, not permissions');
    if (problems.length > 0) {
      this.unsupported(form, site, found.anchor, problems);
      return;
    }
    const notes = [...site.notes, ...drafts.flatMap((d) => d.notes)];
    this.push(
      {
        file: this.file,
        format: 'terraform',
        form,
        role: site.role,
        path: site.path,
        line: this.lines.line(found.listRange[0]),
        kind: 'statements',
        statements: drafts.map((d) => d.statement),
        listRange: found.listRange,
        indent: found.indent,
        note: notes.length > 0 ? notes.join('; ') : undefined,
      },
      found.listRange[0],
    );
  }

  protected unsupported(
    form: TerraformPolicyForm,
    site: Site,
    at: { readonly range: Range },
    problems: readonly string[],
    extra: Pick<TerraformLocatedPolicy, 'templateFile'> = {},
  ): void {
    this.push(
      {
        ...extra,
        file: this.file,
        format: 'terraform',
        form,
        role: site.role,
        path: site.path,
        line: this.lines.line(at.range[0]),
        kind: 'unsupported',
        statements: [],
        listRange: undefined,
        indent: this.lines.column(at.range[0]),
        note: [...problems, ...site.notes].join('; '),
      },
      at.range[0],
    );
  }

  protected push(policy: TerraformLocatedPolicy, anchor: number): void {
    const roles = /^(?:aws_iam_role|module)\./.test(policy.role) ? [] : this.rolesReaching(policy.role);
    const managed = this.managedPolicyUsing(policy.role);
    this.entries.push({
      policy: {
        ...policy,
        ...(roles.length > 0 ? { attachedRoles: roles } : {}),
        ...(managed ? { managedPolicy: managed } : {}),
      },
      anchor,
    });
  }

  /** The `aws_iam_policy` (a managed policy) whose document is the one at `address`, if any. */
  private managedPolicyUsing(address: string): string | undefined {
    const [root, ...names] = address.split('.');
    const ref = this.references.find(
      (r) =>
        root !== undefined &&
        isNamed(r.traversal, root, ...names) &&
        r.top.type === 'resource' &&
        r.top.labels[0] === 'aws_iam_policy',
    );
    return ref ? blockAddress(ref.top) : undefined;
  }

  /**
   * The roles (`aws_iam_role.x`, or a module that makes one) a policy at `address` reaches:
   * the role its own block names, the blocks that use it (a role's inline policy, an
   * attachment, a module input) and, for a document an `aws_iam_policy` uses, that policy's
   * attachments in turn.
   */
  private rolesReaching(address: string, depth = 0): string[] {
    const out = new Set<string>();
    const [root, ...names] = address.split('.');
    const own = this.body.find((b): b is Block => b.t === 'block' && blockAddress(b) === address);
    if (own) for (const r of namedRoles(own)) out.add(r);
    for (const ref of this.references) {
      if (root === undefined || !isNamed(ref.traversal, root, ...names)) continue;
      const user = blockAddress(ref.top);
      if (/^(?:aws_iam_role|module)\./.test(user)) out.add(user);
      for (const r of namedRoles(ref.top)) out.add(r);
      if (depth === 0 && ref.top.type === 'resource' && ref.top.labels[0] === 'aws_iam_policy')
        for (const r of this.rolesReaching(user, depth + 1)) out.add(r);
    }
    return [...out];
  }
}

/** The roles a resource block's `role`/`roles` attribute names (`aws_iam_role.x.id`, `module.x.role_name`). */
function namedRoles(block: Block): string[] {
  if (block.type !== 'resource') return [];
  const attrs = attributes(block);
  const role = attrs.get('role') ?? attrs.get('roles');
  if (!role) return [];
  return [...traversals(role.expr)].flatMap((t) => {
    const name = stepName(t, 0);
    return (t.root === 'aws_iam_role' || t.root === 'module') && name !== undefined
      ? [`${t.root}.${name}`]
      : [];
  });
}

/** `"${x}"`, the interpolation-only form older Terraform needed, is `x`. */
export function unwrapInterpolation(e: Expr): Expr {
  if (e.t !== 'template' || e.heredoc || e.parts.length !== 1) return e;
  const only = e.parts[0];
  return only?.t === 'interp' ? only.expr : e;
}

export function stepName(t: TraversalExpr, i: number): string | undefined {
  const s = t.steps[i];
  return s?.t === 'attr' ? s.name : undefined;
}

/** `root.a.b...` with the given leading names (index steps after them are allowed). */
export function isNamed(t: TraversalExpr, root: string, ...names: string[]): boolean {
  return t.root === root && names.every((n, i) => stepName(t, i) === n);
}

export function blockAddress(block: Block): string {
  const [first, second] = block.labels;
  if (block.type === 'resource' && first && second) return `${first}.${second}`;
  if (block.type === 'data' && first && second) return `data.${first}.${second}`;
  if (block.type === 'module' && first) return `module.${first}`;
  if (block.type === 'variable' && first) return `var.${first}`;
  if (block.type === 'locals') return 'local';
  return [block.type, ...block.labels].join('.');
}
