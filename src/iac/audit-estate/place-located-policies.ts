import type { AuditStatement } from '../../model/audit-estate.js';
import type { LocatedPolicy, TemplateStatement, TemplateValue } from '../template-policy.js';
import { LineIndex } from '../text/positions.js';
import { ensureRole, placeAt, type EstateDraft } from './estate-draft.js';
import { samTemplateStatements } from './sam-template-statements.js';

/**
 * Puts the policies `locatePolicies` found into the roles they belong to: each statement
 * with its own line, managed policies by their ref, SAM policy templates as the statements
 * SAM expands them to. A policy for a role the file does not declare goes to a role made
 * for it when `mayCreate` says the name is a role (a parameter, a Serverless role); what
 * cannot be placed or read becomes a `skipped` entry with why.
 */
export function placeLocatedPolicies(
  draft: EstateDraft,
  text: string,
  policies: readonly LocatedPolicy[],
  mayCreate: (role: string) => boolean,
): void {
  const lines = new LineIndex(text);
  const users = managedPolicyUsers(policies);
  for (const p of policies) {
    const where = `${draft.file}:${p.line} ${p.path}`;
    if (p.kind === 'unreadable') continue;
    // Trust and resource-based policies are not a role's permissions (trust is read apart).
    if (p.kind === 'unsupported' && /trust policy|resource-based policy/.test(p.note ?? '')) continue;
    if (p.kind === 'unsupported') {
      draft.skipped.push({ what: where, reason: p.note ?? 'a policy iamtrim cannot read' });
      continue;
    }
    if (p.templateFile) {
      draft.skipped.push({ what: where, reason: `its document is in another file, ${p.templateFile.path}` });
      continue;
    }
    // A CloudFormation managed policy without `Roles` reaches the roles that list it.
    const unattached = /^\((.+): no Roles\)$/.exec(p.role)?.[1];
    const named = unattached === undefined ? (p.attachedRoles ?? [p.role]) : (users.get(unattached) ?? []);
    const targets = named.filter((r) => draft.roles.has(r) || mayCreate(r));
    if (targets.length === 0) {
      draft.skipped.push({ what: where, reason: `attached to no role of this file (${p.note ?? p.role})` });
      continue;
    }
    const statements = statementsOf(p, lines, draft, where);
    for (const id of targets) {
      const role = ensureRole(draft, id, placeAt(draft.file, p.line));
      if (p.kind === 'managed-policy')
        role.managedPolicies.push({
          ref: p.managedPolicyRef ?? p.note ?? p.path,
          place: placeAt(draft.file, p.line),
        });
      else role.statements.push(...statements);
    }
  }
}

// `!Ref Policy`, `{"Ref": "Policy"}`, `Ref: Policy`: a managed policy of the same template.
const REF =
  /^(?:!Ref\s+['"]?([A-Za-z0-9]+)|\{\s*"?Ref"?\s*:\s*"?([A-Za-z0-9]+)"?\s*\}|Ref:\s*['"]?([A-Za-z0-9]+))/;

/** The roles that list each managed policy of the template by reference (`ManagedPolicyArns`, SAM `Policies`). */
function managedPolicyUsers(policies: readonly LocatedPolicy[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of policies) {
    const m = p.kind === 'managed-policy' ? REF.exec(p.managedPolicyRef ?? '') : null;
    const id = m?.[1] ?? m?.[2] ?? m?.[3];
    if (id) out.set(id, [...(out.get(id) ?? []), p.role]);
  }
  return out;
}

/** A located policy's statements as the audit reads them. */
function statementsOf(
  p: LocatedPolicy,
  lines: LineIndex,
  draft: EstateDraft,
  where: string,
): AuditStatement[] {
  const policy = policyName(p);
  if (p.kind === 'statements')
    return p.statements.map((s, index) =>
      auditStatement(s, index, policy, placeAt(draft.file, lines.line(s.range[0]))),
    );
  if (p.kind === 'sam-template' && p.samTemplate) {
    const expanded = samTemplateStatements(p.samTemplate.name, p.samTemplate.parameters);
    if (!expanded) {
      draft.skipped.push({ what: where, reason: `unknown SAM policy template ${p.samTemplate.name}` });
      return [];
    }
    return expanded.map((s, index) => ({
      policy: `SAM policy template ${p.samTemplate?.name ?? ''}`,
      index,
      effect: s.effect,
      actionKey: 'Action',
      actions: s.actions,
      resourceKey: 'Resource',
      resources: s.resources,
      hasCondition: s.hasCondition,
      place: placeAt(draft.file, p.line),
    }));
  }
  return [];
}

/** The policy's name for a reader: the Terraform note's name, else where it is in the template. */
function policyName(p: LocatedPolicy): string {
  if (p.managedPolicy) return p.managedPolicy;
  const named = /^(?:inline policy|policy) "?([^";]+)"?/.exec(p.note ?? '');
  if (named?.[1]) return named[1];
  return p.path.replace(/\.Statement$/, '');
}

function auditStatement(
  s: TemplateStatement,
  index: number,
  policy: string,
  place: ReturnType<typeof placeAt>,
): AuditStatement {
  return {
    policy,
    ...(s.sid === undefined ? {} : { sid: s.sid }),
    index,
    effect: s.effect,
    actionKey: s.actionKey,
    actions: s.actions.map(valueText),
    resourceKey: s.resourceKey,
    resources: s.resources.map(valueText),
    hasCondition: s.conditionSource !== undefined,
    place,
  };
}

/** A value as written: literal text, or the expression's source on one line (without HCL's quotes). */
function valueText(v: TemplateValue): string {
  if (v.kind === 'literal') return v.value;
  const source = v.source.replace(/\s+/g, ' ').trim();
  return /^"[^"]*"$/.test(source) ? source.slice(1, -1) : source;
}
