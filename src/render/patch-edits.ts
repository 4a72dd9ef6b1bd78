import type { PatchedPolicy, StatementToWrite, WriteValue } from '../iac/patch-policy.js';
import type { TemplateStatement, TemplateValue } from '../iac/template-policy.js';
import { patternSubsumes } from '../policy/wildcard.js';
import { byName } from './group-decisions.js';

/** A resource list the patch writes differently, as the template text shows it. */
export interface ResourceEdit {
  /** The actions of the written statement that carries the new list. */
  readonly actions: readonly string[];
  /** The values as the template wrote them (an expression as written, a literal as its value). */
  readonly from: readonly string[];
  /** The values as the patch writes them (kept expressions as written, new literals). */
  readonly to: readonly string[];
}

/** An action wildcard the patch no longer writes, with the actions it writes in its place. */
export interface WildcardEdit {
  readonly pattern: string;
  readonly actions: readonly string[];
}

/** What the patch writes for one statement of the template, read from the edit itself. */
export interface StatementEdit {
  /** 0-based index of the statement in the template's list. */
  readonly index: number;
  readonly sid: string | undefined;
  /** How many statements the patch writes in its place (more than one when split by resources). */
  readonly parts: number;
  readonly resources: readonly ResourceEdit[];
  readonly wildcards: readonly WildcardEdit[];
}

/**
 * The resource and wildcard changes of a patched policy, taken from the statements it writes
 * rather than from the tightening's decisions: the decisions speak of resolved ARNs, but where
 * the patch keeps `!GetAtt Table.Arn` the reviewer sees that expression, so a PR body that
 * says "narrowed to table/…" would describe an edit the diff does not make.
 */
export function describePatchEdits(patched: PatchedPolicy): StatementEdit[] {
  const out: StatementEdit[] = [];
  patched.policy.statements.forEach((st, index) => {
    // By the statement's place in the file, so a copy of the result (JSON, structuredClone)
    // reads the same as the original.
    const parts = patched.statements.filter(
      (w) => w.original === undefined && w.from !== undefined && sameRange(w.from, st),
    );
    if (parts.length === 0) return;
    const resources = parts.flatMap((w) => resourceEdit(st, w));
    const wildcards = wildcardEdits(st, parts);
    if (resources.length || wildcards.length || parts.length > 1)
      out.push({ index, sid: st.sid, parts: parts.length, resources, wildcards });
  });
  return out;
}

function resourceEdit(st: TemplateStatement, w: StatementToWrite): ResourceEdit[] {
  if (w.resourceKey !== st.resourceKey) return [];
  const from = st.resources.map(templateText);
  const to = w.resources.map(writeText);
  const same = from.length === to.length && to.every((t) => from.includes(t));
  return same ? [] : [{ actions: w.actions.map(writeText), from, to }];
}

function wildcardEdits(st: TemplateStatement, parts: readonly StatementToWrite[]): WildcardEdit[] {
  if (st.actionKey !== 'Action') return [];
  const written = parts.flatMap((w) => w.actions.map(writeText));
  const lower = new Set(written.map((a) => a.toLowerCase()));
  return st.actions.flatMap((v) => {
    if (v.kind !== 'literal' || !/[*?]/.test(v.value) || lower.has(v.value.toLowerCase())) return [];
    const actions = [...new Set(written.filter((a) => patternSubsumes(v.value, a, true)))].sort(byName);
    return [{ pattern: v.value, actions }];
  });
}

/** A template value as a reviewer reads it in the file. */
function templateText(v: TemplateValue): string {
  return v.kind === 'literal' ? v.value : v.source;
}

function writeText(v: WriteValue): string {
  return v.kind === 'kept' ? templateText(v.value) : v.text;
}

function sameRange(a: TemplateStatement, b: TemplateStatement): boolean {
  return a === b || (a.range[0] === b.range[0] && a.range[1] === b.range[1]);
}
