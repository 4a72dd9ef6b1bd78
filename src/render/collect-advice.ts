import type { Decision, EvidenceHint } from '../synthesize/decision.js';
import { byName, decisionsOf } from './group-decisions.js';

/** One thing to add to the evidence, and the kept actions it would let iamtrim decide. */
export type EvidenceAdvice =
  | (Exclude<EvidenceHint, { kind: 'last-accessed' }> & { readonly actions: readonly string[] })
  /** One last-accessed job covers every service of the role, so they are one piece of advice. */
  | {
      readonly kind: 'last-accessed';
      readonly services: readonly string[];
      readonly actions: readonly string[];
    };

interface Tally {
  readonly hint: EvidenceHint;
  readonly services: Set<string>;
  readonly actions: Map<string, string>;
}

/**
 * Merges the evidence hints of the kept actions: identical hints become one piece of advice
 * (last-accessed hints become one, naming every service), which counts the distinct actions
 * it would decide. Sorted by that count, most first, then by kind and name, so the first
 * lines of the report are the changes worth most.
 */
export function collectAdvice(decisions: readonly Decision[]): EvidenceAdvice[] {
  const tallies = new Map<string, Tally>();
  for (const d of decisionsOf(decisions, 'action-kept')) {
    for (const hint of d.hints ?? []) {
      const key = hintKey(hint);
      const t = tallies.get(key) ?? { hint, services: new Set<string>(), actions: new Map<string, string>() };
      if (hint.kind === 'last-accessed') t.services.add(hint.service);
      // Action names are case-insensitive; the first spelling seen is the one shown.
      if (!t.actions.has(d.action.toLowerCase())) t.actions.set(d.action.toLowerCase(), d.action);
      tallies.set(key, t);
    }
  }
  const advice = [...tallies.values()].map(toAdvice);
  return advice.sort(
    (a, b) =>
      b.actions.length - a.actions.length ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      byName(adviceName(a), adviceName(b)),
  );
}

const KIND_ORDER: readonly EvidenceAdvice['kind'][] = [
  'data-events',
  'management-events',
  'region',
  'last-accessed',
  'function-config',
];

function hintKey(h: EvidenceHint): string {
  switch (h.kind) {
    case 'data-events':
      return JSON.stringify([
        h.kind,
        h.resourceType,
        h.service,
        h.readOnly ?? null,
        uniqueSorted(h.resources),
      ]);
    case 'last-accessed':
    case 'function-config':
      return h.kind;
    case 'management-events':
      return JSON.stringify([h.kind, h.service, h.readWrite ?? null]);
    case 'region':
      return JSON.stringify([h.kind, h.region]);
  }
}

function toAdvice(t: Tally): EvidenceAdvice {
  const actions = [...t.actions.values()].sort(byName);
  const h = t.hint;
  switch (h.kind) {
    case 'data-events':
      return {
        kind: h.kind,
        resourceType: h.resourceType,
        service: h.service,
        resources: uniqueSorted(h.resources),
        ...(h.readOnly === undefined ? {} : { readOnly: h.readOnly }),
        actions,
      };
    case 'last-accessed':
      return { kind: h.kind, services: [...t.services].sort(byName), actions };
    case 'function-config':
      return { kind: h.kind, actions };
    case 'management-events':
      return {
        kind: h.kind,
        service: h.service,
        ...(h.readWrite ? { readWrite: h.readWrite } : {}),
        actions,
      };
    case 'region':
      return { kind: h.kind, region: h.region, actions };
  }
}

/** A name to order advice of one kind by (service, region, resource type). */
function adviceName(a: EvidenceAdvice): string {
  switch (a.kind) {
    case 'data-events':
      return `${a.resourceType} ${a.resources.join(' ')}`;
    case 'last-accessed':
      return a.services.join(' ');
    case 'function-config':
      return '';
    case 'management-events':
      return a.service;
    case 'region':
      return a.region;
  }
}

function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort(byName);
}
