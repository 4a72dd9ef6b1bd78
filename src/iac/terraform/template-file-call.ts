import type { Expr } from './hcl-syntax.js';
import { literalOf } from './hcl-syntax.js';
import { isNamed } from './locate-context.js';

/** Where `templatefile()`/`file()` reads a policy from, and the variables it passes. */
export interface TemplateFileCall {
  /** The file, relative to the calling `.tf` file's directory (`${path.module}/` dropped). */
  readonly path: string;
  /** The call's map: literal values as text, anything else `null` (unknown). */
  readonly variables: Readonly<Record<string, string | null>>;
}

/**
 * `templatefile("${path.module}/policy.json.tpl", { bucket = var.bucket })` or
 * `file("policy.json")`, when the path is a literal, possibly under `${path.module}` (or
 * `path.module` joined with `/...`); undefined for any other path (a variable, `path.root`,
 * an absolute path, one that climbs out with `..`).
 */
export function readTemplateFileCall(expr: Expr): TemplateFileCall | undefined {
  if (expr.t !== 'call' || (expr.name !== 'templatefile' && expr.name !== 'file')) return undefined;
  const [pathExpr, vars] = expr.args;
  const path = pathExpr ? modulePath(pathExpr) : undefined;
  if (path === undefined || path === '' || path.startsWith('/') || path.split('/').includes('..'))
    return undefined;
  const variables: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
  // A map from a variable or local gives no value: each `${...}` is then unknown.
  if (vars?.t === 'object') {
    for (const item of vars.items) {
      const key =
        item.key.t === 'traversal' && item.key.steps.length === 0 ? item.key.root : literalOf(item.key);
      if (key === undefined) return undefined;
      variables[key] = literalOf(item.value) ?? null;
    }
  }
  return { path: path.replace(/^\.\//, ''), variables };
}

/** A literal path, with a leading `${path.module}/` (or `path.module`) taken as this directory. */
function modulePath(e: Expr): string | undefined {
  const literal = literalOf(e);
  if (literal !== undefined) return literal;
  if (e.t !== 'template' || e.heredoc) return undefined;
  let out = '';
  for (const [i, part] of e.parts.entries()) {
    if (part.t === 'lit') out += part.value;
    else if (
      i === 0 &&
      part.t === 'interp' &&
      part.expr.t === 'traversal' &&
      isNamed(part.expr, 'path', 'module')
    )
      out += '.';
    else return undefined;
  }
  return out.startsWith('./') ? out.slice(2) : out.startsWith('.') ? undefined : out;
}
