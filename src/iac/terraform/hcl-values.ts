/** HCL expressions read as template values (literals, references, opaque expressions). */
import type { Expression, TemplateValue } from '../template-policy.js';
import { literalOf, type Expr, type Range, type Step } from './hcl-syntax.js';

/** Roots of references that are neither resources nor inputs iamtrim could resolve. */
const DYNAMIC_ROOTS = new Set(['each', 'count', 'path', 'self', 'terraform']);

export function describeExpr(e: Expr): string {
  switch (e.t) {
    case 'template':
      return e.heredoc ? 'heredoc' : 'template';
    case 'traversal':
      return 'reference';
    case 'call':
      return `function call ${e.name}()`;
    case 'tuple':
      return 'list';
    case 'object':
      return 'object';
    case 'for':
      return 'for expression';
    case 'scalar':
      return 'number, bool or null';
    case 'op':
      return e.what === 'conditional'
        ? 'conditional'
        : e.what === 'index'
          ? 'index or splat'
          : e.what === '()'
            ? 'parenthesized expression'
            : `operator ${e.what}`;
  }
}

export class ValueReader {
  constructor(private readonly text: string) {}

  source(e: { readonly range: Range }): string {
    return this.text.slice(e.range[0], e.range[1]);
  }

  private opaque(e: Expr, what = describeExpr(e)): Expression {
    return { kind: 'opaque', description: `${what}: ${this.source(e)}` };
  }

  /** One value as written in HCL. */
  value(e: Expr): TemplateValue {
    const source = this.source(e);
    const offset = e.range[0];
    if (e.t === 'template') {
      const literal = literalOf(e);
      if (literal !== undefined) return { kind: 'literal', value: literal, source, offset };
      if (e.heredoc || e.parts.some((p) => p.t === 'directive'))
        return {
          kind: 'expression',
          expression: this.opaque(e, e.heredoc ? 'heredoc' : 'template directive'),
          source,
          offset,
        };
      const parts = e.parts.map((p) =>
        p.t === 'lit' ? p.value : this.expression(p.t === 'interp' ? p.expr : e),
      );
      return { kind: 'expression', expression: { kind: 'sub', parts }, source, offset };
    }
    return { kind: 'expression', expression: this.expression(e), source, offset };
  }

  /** An expression inside an interpolation, or a bare one. */
  expression(e: Expr): Expression {
    if (e.t !== 'traversal') return this.opaque(e);
    const { root, steps } = e;
    if (steps.some((s) => s.t === 'splat')) return this.opaque(e, 'splat');
    const stepText = (s: Step): string | undefined =>
      s.t === 'attr' ? `.${s.name}` : s.t === 'index' ? this.indexText(s) : undefined;
    if (root === 'var' || root === 'local') {
      const texts = steps.map(stepText);
      if (steps[0]?.t !== 'attr' || texts.some((t) => t === undefined)) return this.opaque(e);
      return { kind: 'ref', name: root + texts.join('') };
    }
    if (DYNAMIC_ROOTS.has(root)) return this.opaque(e, `${root} reference`);
    // A resource type always has an underscore; anything else is a for/dynamic iterator.
    const named = root === 'data' ? 2 : root === 'module' || root.includes('_') ? 1 : -1;
    if (named < 0) return this.opaque(e);
    let resource = root;
    let i = 0;
    for (; i < named; i++) {
      const s = steps[i];
      if (s?.t !== 'attr') return this.opaque(e);
      resource += `.${s.name}`;
    }
    for (let s = steps[i]; s?.t === 'index'; s = steps[++i]) {
      const t = this.indexText(s);
      if (t === undefined) return this.opaque(e, 'reference with a computed index');
      resource += t;
    }
    const rest = steps.slice(i).map(stepText);
    if (steps[i]?.t !== 'attr' || rest.some((t) => t === undefined)) return this.opaque(e);
    return { kind: 'getatt', resource, attribute: rest.join('').slice(1) };
  }

  private indexText(s: Step & { t: 'index' }): string | undefined {
    if (s.key.t === 'scalar' && /^[0-9]+$/.test(this.source(s.key))) return `[${this.source(s.key)}]`;
    const literal = literalOf(s.key);
    return literal === undefined ? undefined : `[${JSON.stringify(literal)}]`;
  }

  /**
   * Values of a list-typed field. Anything but a literal list stays one opaque value (its
   * whole source), and `note` says so: the template model has no list-valued expression.
   */
  list(e: Expr, field: string, notes: string[], single: boolean): TemplateValue[] {
    if (e.t === 'tuple') return e.items.map((i) => this.value(i));
    if (e.t === 'template' && !e.heredoc) return [this.value(e)];
    if (single && e.t === 'traversal') return [this.value(e)];
    notes.push(
      `${field} is a ${describeExpr(e)} that may yield a list (${this.source(e)}); kept as one value`,
    );
    return [{ kind: 'expression', expression: this.opaque(e), source: this.source(e), offset: e.range[0] }];
  }
}

/** One HCL expression as a template value (literal, or an expression resolution understands). */
export function hclTemplateValue(text: string, e: Expr): TemplateValue {
  return new ValueReader(text).value(e);
}
