/**
 * What a template statement says, independent of how it is written: the canonical form of
 * each value (see {@link canonicalValue}), lists as sets. A statement written back keeps
 * its meaning when this is unchanged; it is how a rewrite is checked against what the
 * proof saw.
 */
import { canonicalValue } from './cloudformation/canonical-value.js';
import type { StatementToWrite, WriteValue } from './patch-policy.js';
import type { TemplateStatement, TemplateValue } from './template-policy.js';

/** A statement's meaning: its values in canonical form, each list sorted. */
export interface StatementMeaning {
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly actionKey: 'Action' | 'NotAction';
  readonly actions: readonly string[];
  readonly resourceKey: 'Resource' | 'NotResource';
  readonly resources: readonly string[];
  readonly condition: string | undefined;
}

/** The meaning of a statement read from a template. */
export function meaningOfStatement(st: TemplateStatement): StatementMeaning {
  return meaning(st, st.actions.map(ofTemplateValue), st.resources.map(ofTemplateValue));
}

/** The meaning of a statement about to be written. */
export function meaningOfWrite(w: StatementToWrite): StatementMeaning {
  return meaning(w, w.actions.map(ofWriteValue), w.resources.map(ofWriteValue));
}

function meaning(
  shape: Pick<TemplateStatement, 'sid' | 'effect' | 'actionKey' | 'resourceKey' | 'conditionSource'>,
  actions: string[],
  resources: string[],
): StatementMeaning {
  return {
    sid: shape.sid,
    effect: shape.effect,
    actionKey: shape.actionKey,
    actions: [...new Set(actions)].sort(),
    resourceKey: shape.resourceKey,
    resources: [...new Set(resources)].sort(),
    condition: shape.conditionSource === undefined ? undefined : canonicalValue(shape.conditionSource),
  };
}

function ofTemplateValue(v: TemplateValue): string {
  return v.kind === 'literal' ? JSON.stringify(v.value) : canonicalValue(v.source);
}

function ofWriteValue(v: WriteValue): string {
  return v.kind === 'literal' ? JSON.stringify(v.text) : ofTemplateValue(v.value);
}
