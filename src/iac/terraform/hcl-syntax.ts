/**
 * The HCL syntax tree that hcl-parser.ts builds, and small readers of it. Every node keeps
 * its range in the source text, so that an edit can replace exactly what was written.
 */

export type Range = readonly [number, number];

/** A piece of a quoted string or heredoc: literal text, `${...}` or `%{...}`. */
export type TemplatePart =
  | { readonly t: 'lit'; readonly range: Range; readonly value: string }
  | { readonly t: 'interp'; readonly range: Range; readonly expr: Expr }
  | { readonly t: 'directive'; readonly range: Range; readonly exprs: readonly Expr[] };

/** One step of a reference after its root: `.name`, `[key]` or `[*]`. */
export type Step =
  | { readonly t: 'attr'; readonly name: string }
  | { readonly t: 'index'; readonly key: Expr }
  | { readonly t: 'splat' };

/** `key = value` in an object literal. */
export interface ObjectItem {
  readonly key: Expr;
  readonly value: Expr;
  readonly range: Range;
}

/** How a heredoc was opened, and where its body is. */
export interface HeredocInfo {
  readonly marker: string;
  readonly strip: boolean;
  /** From the line after `<<EOF` to the start of the closing marker's line. */
  readonly body: Range;
}

/** A quoted string or heredoc. */
export interface TemplateExpr {
  readonly t: 'template';
  readonly range: Range;
  readonly parts: readonly TemplatePart[];
  readonly heredoc?: HeredocInfo;
}
/** A reference: `var.x`, `aws_iam_role.r.arn`, `local.m["k"]`. */
export interface TraversalExpr {
  readonly t: 'traversal';
  readonly range: Range;
  readonly root: string;
  readonly steps: readonly Step[];
}
/** A function call. */
export interface CallExpr {
  readonly t: 'call';
  readonly range: Range;
  readonly name: string;
  readonly args: readonly Expr[];
}
/** A list literal. */
export interface TupleExpr {
  readonly t: 'tuple';
  readonly range: Range;
  readonly items: readonly Expr[];
}
/** An object literal. */
export interface ObjectExpr {
  readonly t: 'object';
  readonly range: Range;
  readonly items: readonly ObjectItem[];
}

/** Any HCL expression. */
export type Expr =
  | TemplateExpr
  | TraversalExpr
  | CallExpr
  | TupleExpr
  | ObjectExpr
  /** A number, `true`, `false` or `null`. */
  | { readonly t: 'scalar'; readonly range: Range }
  | { readonly t: 'for'; readonly range: Range; readonly parts: readonly Expr[] }
  /** Operators, conditionals, parentheses, and indexing of anything but a reference. */
  | { readonly t: 'op'; readonly range: Range; readonly what: string; readonly operands: readonly Expr[] };

/** `name = expr` in a body. */
export interface Attribute {
  readonly t: 'attribute';
  readonly name: string;
  readonly expr: Expr;
  readonly range: Range;
}
/** `type "label" ... { body }`. */
export interface Block {
  readonly t: 'block';
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: readonly BodyItem[];
  readonly range: Range;
}
/** What a body (the file, or a block) holds. */
export type BodyItem = Attribute | Block;
/** The value of a quoted string without interpolations. */
export function literalOf(e: Expr): string | undefined {
  if (e.t !== 'template' || e.heredoc) return undefined;
  let value = '';
  for (const p of e.parts) {
    if (p.t !== 'lit') return undefined;
    value += p.value;
  }
  return value;
}

/** An object key written as a name or a plain string. */
export function keyName(e: Expr): string | undefined {
  if (e.t === 'traversal' && e.steps.length === 0) return e.root;
  return literalOf(e);
}

/** The item of an object literal whose key is `name`. */
export function objectField(obj: ObjectExpr, name: string): ObjectItem | undefined {
  return obj.items.find((i) => keyName(i.key) === name);
}

/** Direct children of an expression, each with the path step that leads to it. */
export function children(e: Expr): [Expr, string][] {
  switch (e.t) {
    case 'template':
      return e.parts.flatMap((p): [Expr, string][] =>
        p.t === 'interp'
          ? [[p.expr, '']]
          : p.t === 'directive'
            ? p.exprs.map((x): [Expr, string] => [x, ''])
            : [],
      );
    case 'traversal':
      return e.steps.flatMap((s): [Expr, string][] => (s.t === 'index' ? [[s.key, '']] : []));
    case 'call':
      return e.args.map((a): [Expr, string] => [a, '']);
    case 'tuple':
      return e.items.map((a, i): [Expr, string] => [a, `[${i}]`]);
    case 'object':
      return e.items.flatMap((i): [Expr, string][] => {
        const k = keyName(i.key);
        return [
          [i.key, ''],
          [i.value, k !== undefined && /^[\p{L}_][\p{L}\p{N}_-]*$/u.test(k) ? `.${k}` : ''],
        ];
      });
    case 'for':
      return e.parts.map((a): [Expr, string] => [a, '']);
    case 'op':
      return e.operands.map((a): [Expr, string] => [a, '']);
    case 'scalar':
      return [];
  }
}

/** Every reference inside an expression, itself included. */
export function* traversals(e: Expr): Generator<TraversalExpr> {
  if (e.t === 'traversal') yield e;
  for (const [c] of children(e)) yield* traversals(c);
}

/** A body's attributes by name (the last wins, as Terraform would reject duplicates). */
export function attributes(block: { readonly body: readonly BodyItem[] }): Map<string, Attribute> {
  const map = new Map<string, Attribute>();
  for (const item of block.body) if (item.t === 'attribute') map.set(item.name, item);
  return map;
}

export function hclObjectFields(e: Expr): Map<string, Expr> | undefined {
  if (e.t !== 'object') return undefined;
  const out = new Map<string, Expr>();
  for (const i of e.items) {
    const k = keyName(i.key);
    if (k !== undefined) out.set(k, i.value);
  }
  return out;
}
