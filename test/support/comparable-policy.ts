import { canonicalValue } from '../../src/iac/cloudformation/canonical-value.js';
import type { PatchedPolicy } from '../../src/iac/patch-policy.js';
import type { PolicyDocumentJson } from '../../src/policy/policy-json.js';

/**
 * A resolved template policy (patchPolicy's `before` or `after`) as text that compares
 * across two readings of a template: each unresolved placeholder becomes the canonical form
 * of the value it stood for (placeholder n is the n-th entry of `unresolved`), and each
 * Condition's source, which stands for it in the proof, its canonical form. Indentation and
 * the numbering of placeholders then make no difference; any change of value does.
 */
export function comparablePolicy(
  doc: PolicyDocumentJson,
  patched: Pick<PatchedPolicy, 'unresolved'>,
): string {
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).map((st) => {
    const source = (st.Condition as { 'iamtrim:Condition'?: { source: string } } | undefined)?.[
      'iamtrim:Condition'
    ]?.source;
    return source === undefined ? st : { ...st, Condition: canonicalValue(source) };
  });
  return JSON.stringify(statements).replace(
    /\$\{iamtrim:unresolved(\d+)\}|iamtrim-unresolved:Expression(\d+)/g,
    (_, a: string | undefined, b: string | undefined) =>
      `unresolved:${canonicalValue(patched.unresolved[Number(a ?? b)] ?? '?').replace(/"/g, "'")}`,
  );
}
