import { serviceOfArn } from '../../catalog/arn-type-matcher.js';
import { resolveExpression, type ResolveContext } from '../resolve-expression.js';
import type { Expression } from '../template-policy.js';
import { UNRESOLVED_MARKER } from './function-facts.js';

/**
 * Turns template values into the strings a function configuration holds: exact values as
 * they are, the rest as placeholders recorded with the text the template wrote.
 */
export interface ValueResolver {
  /**
   * An ARN: exact when resolution knows it (a DynamoDB stream label may stay `*`), else a
   * placeholder of `service` (or of the service the partial value shows). Undefined when
   * not even the service is known.
   */
  arn(e: Expression, source: string, service?: string): string | undefined;
  /** A name (function, log group): exact, or a placeholder that stands for `label`. */
  name(e: Expression, label: string): string;
  /** A placeholder for a value of `service` that is not written at all. */
  placeholder(service: string, label: string): string;
  readonly unresolved: Record<string, string>;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/**
 * A resolver over one template's resolution context. Placeholders go into `unresolved`
 * (a function's own table, when a later resource adds to it), numbered after what is there.
 */
export function createValueResolver(
  ctx: ResolveContext,
  unresolved: Record<string, string> = {},
): ValueResolver {
  let next = Object.keys(unresolved).length;
  const token = (label: string): string => {
    const t = `${UNRESOLVED_MARKER}${next++}`;
    unresolved[t] = label;
    return t;
  };
  const placeholder = (service: string, label: string): string =>
    `arn:${ctx.partition}:${service}:*:*:${token(label)}`;
  return {
    unresolved,
    partition: ctx.partition,
    region: ctx.region ?? '*',
    account: ctx.account ?? '*',
    placeholder,
    arn(e, source, service) {
      const r = resolveExpression(e, ctx);
      if (r && r.value.startsWith('arn:') && (r.exact || exactButStreamLabel(r.value))) return r.value;
      const shown = r?.value.startsWith('arn:') ? serviceOfArn(r.value) : '';
      const svc = service ?? (/^[a-z0-9-]+$/.test(shown) ? shown : undefined);
      return svc ? placeholder(svc, source) : undefined;
    },
    name(e, label) {
      const r = resolveExpression(e, ctx);
      return r?.exact && !r.value.includes('*') ? r.value : token(label);
    },
  };
}

// `!GetAtt Table.StreamArn` of a table whose name is known: only the stream label is open.
function exactButStreamLabel(value: string): boolean {
  return /\/stream\/\*$/.test(value) && !value.slice(0, -'/stream/*'.length).includes('*');
}

/** A literal string as an expression (what resolution of a plain value needs). */
export function literalExpression(value: string): Expression {
  return { kind: 'sub', parts: [value] };
}
