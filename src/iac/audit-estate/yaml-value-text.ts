import { isScalar } from 'yaml';
import { ownValue } from '../../catalog/own-value.js';
import { expression } from '../cloudformation/intrinsics.js';
import { sourceOf } from '../cloudformation/locate-cloudformation.js';
import { oneLine } from '../serverless/yaml-nodes.js';

/**
 * A YAML/JSON template value as the audit keeps it: a plain value as its text, a `Ref` to
 * a parameter whose value is given as that value, anything else (an intrinsic, a
 * Serverless variable, a structure) as the expression written, on one line. Never a guess.
 */
export function yamlValueText(text: string, node: unknown, params: Readonly<Record<string, string>>): string {
  return yamlResolvedText(node, params) ?? oneLine(sourceOf(text, node));
}

/** A value's text when it is known (plain, or a `Ref` to a given parameter); else undefined. */
export function yamlResolvedText(
  node: unknown,
  params: Readonly<Record<string, string>>,
): string | undefined {
  if (isScalar(node) && !node.tag) return node.value === null ? '' : String(node.value);
  const e = expression(node);
  return e.kind === 'ref' ? ownValue(params, e.name) : undefined;
}

/** The items of a list value, or the value itself as one item (`AllowOrigins: '*'`). */
export function yamlListTexts(
  text: string,
  node: unknown,
  params: Readonly<Record<string, string>>,
): string[] {
  const n = node as { items?: unknown[]; tag?: string } | null | undefined;
  if (n && Array.isArray(n.items) && !n.tag && !isScalar(node))
    return n.items.map((i) => yamlValueText(text, i, params));
  return node === undefined || node === null ? [] : [yamlValueText(text, node, params)];
}
