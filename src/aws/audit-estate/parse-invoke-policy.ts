// Pure: turns the text GetPolicy returns into the estate's permissions; lives in aws/ next to
// the reader, as shared-roles.ts does, because only the live path sees this JSON form.
import type { AuditInvokePermission } from '../../model/audit-estate.js';
import type { FindingLocation } from '../../model/finding.js';

/** A function's resource-based policy, read: its statements, or why it could not be. */
export type InvokePolicyReading =
  | { readonly kind: 'permissions'; readonly permissions: AuditInvokePermission[] }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * The statements of a Lambda resource-based policy (GetPolicy's `Policy`, a JSON string), one
 * permission per principal and action as written. The policy text is whatever AddPermission
 * was given, so it is read with own-key lookups and every odd shape becomes a value, not a throw.
 * Deny statements grant nothing and are left out; a statement that cannot be read makes the
 * whole policy `invalid`, since a rule must not call a function private on a partial reading.
 */
export function parseInvokePolicy(text: string, place: FindingLocation): InvokePolicyReading {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'the resource-based policy is not JSON' };
  }
  if (!isObject(doc)) return { kind: 'invalid', reason: 'the resource-based policy is not a JSON object' };
  const raw = own(doc, 'Statement');
  const statements = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : undefined;
  if (!statements) return { kind: 'invalid', reason: 'the resource-based policy has no Statement' };
  const permissions: AuditInvokePermission[] = [];
  for (const [i, s] of statements.entries()) {
    if (!isObject(s)) return { kind: 'invalid', reason: `statement ${i} is not an object` };
    const effect = own(s, 'Effect');
    if (effect === 'Deny') continue;
    if (effect !== 'Allow') return { kind: 'invalid', reason: `statement ${i} has no Effect Allow or Deny` };
    const principals = principalsOf(own(s, 'Principal'));
    const actions = strings(own(s, 'Action'));
    if (!principals || !actions)
      return { kind: 'invalid', reason: `statement ${i} has no readable Principal or Action` };
    const conditions = conditionValues(own(s, 'Condition'));
    const conditionKeys = [...new Set(conditions.map((c) => c.key))].sort();
    const value = (key: string) => joined(conditions.filter((c) => c.key === key).flatMap((c) => c.values));
    const sourceArn = value('aws:sourcearn');
    const sourceAccount = value('aws:sourceaccount');
    const principalOrgId = value('aws:principalorgid');
    const functionUrlAuthType = value('lambda:functionurlauthtype');
    for (const principal of principals)
      for (const action of actions)
        permissions.push({
          principal,
          action,
          ...(sourceArn !== undefined ? { sourceArn } : {}),
          ...(sourceAccount !== undefined ? { sourceAccount } : {}),
          ...(principalOrgId !== undefined ? { principalOrgId } : {}),
          ...(functionUrlAuthType !== undefined ? { functionUrlAuthType } : {}),
          conditionKeys,
          place,
        });
  }
  return { kind: 'permissions', permissions };
}

/**
 * `"*"` stays `*`; `{"AWS": "*"}` is also everyone, so it reads `*` too (the rules check one
 * spelling); accounts, ARNs and service principals are kept as written.
 */
function principalsOf(principal: unknown): string[] | undefined {
  if (principal === '*') return ['*'];
  if (!isObject(principal)) return undefined;
  const out: string[] = [];
  for (const key of Object.keys(principal)) {
    const values = strings(principal[key]);
    if (!values) return undefined;
    out.push(...values);
  }
  return out.length > 0 ? out : undefined;
}

/** Every `operator → key → value(s)` of a Condition block, keys lower-cased (IAM ignores their case). */
function conditionValues(condition: unknown): { key: string; values: string[] }[] {
  if (!isObject(condition)) return [];
  const out: { key: string; values: string[] }[] = [];
  for (const operator of Object.keys(condition)) {
    const block = condition[operator];
    if (!isObject(block)) continue;
    for (const key of Object.keys(block))
      out.push({ key: key.toLowerCase(), values: strings(block[key]) ?? [String(block[key])] });
  }
  return out;
}

function joined(values: readonly string[]): string | undefined {
  return values.length > 0 ? values.join(',') : undefined;
}

function strings(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
