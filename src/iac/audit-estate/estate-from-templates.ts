import type { AuditEstate, AuditFunction } from '../../model/audit-estate.js';
import { finishEstate } from './estate-draft.js';
import { readTemplateDraft, settleDraft, type EstateContext } from './estate-from-template.js';
import { mergeDrafts } from './merge-drafts.js';

/** One template to read: its path as the user gave it, and its text. */
export interface TemplateText {
  readonly file: string;
  readonly text: string;
}

/**
 * The audit's view of several templates as one estate. The `.tf` files of one directory are
 * one Terraform module, read together (a permission in `lambda.tf` finds the function in
 * `main.tf`, a policy in `iam.tf` the role in `roles.tf`); every other file stands alone.
 * Ids are logical ids and addresses, which repeat across templates (two SAM templates'
 * `HelloFunctionRole` are two roles), so with more than one unit every id is qualified by
 * its unit, `<file or directory>#<id>`: a role is shared only within a unit.
 */
export function estateFromTemplates(
  templates: readonly TemplateText[],
  ctx: EstateContext = {},
): AuditEstate {
  const units = new Map<string, TemplateText[]>();
  for (const t of templates) {
    const key = t.file.toLowerCase().endsWith('.tf') ? `${directoryOf(t.file)}` : t.file;
    units.set(key, [...(units.get(key) ?? []), t]);
  }
  const estates = [...units].map(([unit, files]) => {
    const draft = mergeDrafts(
      unit,
      files.map((t) => readTemplateDraft(t.file, t.text, ctx)),
    );
    settleDraft(draft);
    return { unit, estate: finishEstate(draft) };
  });
  const qualify = estates.length > 1;
  return {
    subjects: estates.flatMap((e) => e.estate.subjects),
    functions: estates.flatMap((e) =>
      e.estate.functions.map((f) => (qualify ? qualifyFunction(e.unit, f) : f)),
    ),
    roles: estates.flatMap((e) =>
      e.estate.roles.map((r) => (qualify ? { ...r, id: `${e.unit}#${r.id}` } : r)),
    ),
    logGroups: estates.flatMap((e) => e.estate.logGroups),
    skipped: estates.flatMap((e) => e.estate.skipped),
  };
}

function qualifyFunction(unit: string, f: AuditFunction): AuditFunction {
  return { ...f, id: `${unit}#${f.id}`, ...(f.role === undefined ? {} : { role: `${unit}#${f.role}` }) };
}

function directoryOf(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash < 0 ? '.' : file.slice(0, slash) || '/';
}
