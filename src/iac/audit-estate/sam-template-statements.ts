import samData from '../../catalog/data/sam-policy-templates.json' with { type: 'json' };
import { ownValue } from '../../catalog/own-value.js';
import type { Expression, TemplateValue } from '../template-policy.js';

interface SamTemplateJson {
  readonly Definition: {
    readonly Statement: readonly {
      readonly Action: string | readonly string[];
      readonly Resource: unknown;
      readonly Effect?: string;
      readonly Condition?: unknown;
    }[];
  };
}

const TEMPLATES = (samData as unknown as { templates: Record<string, SamTemplateJson> }).templates;

/** One statement of an expanded SAM policy template, its values as text. */
export interface SamTemplateStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly hasCondition: boolean;
}

/**
 * The statements a SAM policy template (`DynamoDBCrudPolicy: {TableName: !Ref Orders}`)
 * stands for, from SAM's own definitions, with its parameters filled in as written:
 * a plain value as itself, a reference as `${Name}` / `${Resource.Attribute}` (the `Fn::Sub`
 * spelling), pseudo parameters kept as `${AWS::Region}`. Undefined for a name SAM does not
 * define (then the caller says so).
 */
export function samTemplateStatements(
  name: string,
  parameters: Readonly<Record<string, TemplateValue>>,
): SamTemplateStatement[] | undefined {
  // The name is template text: `toString:` is not a SAM policy template.
  const def = ownValue(TEMPLATES, name);
  if (!def) return undefined;
  const params = (key: string): string | undefined => {
    const v = ownValue(parameters, key);
    return v === undefined ? undefined : v.kind === 'literal' ? v.value : expressionText(v);
  };
  return def.Definition.Statement.map((st) => ({
    effect: st.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: typeof st.Action === 'string' ? [st.Action] : [...st.Action],
    resources: (Array.isArray(st.Resource) ? st.Resource : [st.Resource]).map((r) => evaluate(r, params)),
    hasCondition: st.Condition !== undefined,
  }));
}

/** A parameter's value in `Fn::Sub` spelling, or its source when it is no plain reference. */
function expressionText(v: Extract<TemplateValue, { kind: 'expression' }>): string {
  const e: Expression = v.expression;
  if (e.kind === 'ref') return `\${${e.name}}`;
  if (e.kind === 'getatt') return `\${${e.resource}.${e.attribute}}`;
  return v.source.replace(/\s+/g, ' ').trim();
}

/** SAM's definitions use Ref, Fn::Sub and Fn::Join over the template's parameters. */
function evaluate(value: unknown, params: (key: string) => string | undefined): string {
  if (typeof value === 'string') return value;
  // Anything else is kept as written, never widened to `*`.
  if (!value || typeof value !== 'object') return String(value);
  const o = value as Record<string, unknown>;
  const ref = (name: string): string =>
    name.startsWith('AWS::') ? `\${${name}}` : (params(name) ?? `\${${name}}`);
  if (typeof o.Ref === 'string') return ref(o.Ref);
  if (o['Fn::Sub'] !== undefined) {
    const sub = o['Fn::Sub'];
    const [template, vars] = Array.isArray(sub)
      ? [String(sub[0]), (sub[1] ?? {}) as Record<string, unknown>]
      : [String(sub), {} as Record<string, unknown>];
    return template.replace(/\$\{([^}]+)\}/g, (_, name: string) =>
      Object.hasOwn(vars, name) ? evaluate(vars[name], params) : ref(name),
    );
  }
  if (Array.isArray(o['Fn::Join'])) {
    const [delim, parts] = o['Fn::Join'] as [string, unknown[]];
    return (parts ?? []).map((p) => evaluate(p, params)).join(delim);
  }
  return JSON.stringify(value);
}
