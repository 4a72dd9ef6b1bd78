import { defaultAggregateOptions } from './add-record.js';
import { addBounded } from './fold-resources.js';
import { MAX_POLICY_CHANGES, type UsageAccumulator } from './usage-accumulator.js';

/**
 * Merges `from` into `into`. Counts add, windows widen, sets unite; the result does not
 * depend on how records were split between workers or runs.
 */
export function mergeUsage(
  into: UsageAccumulator,
  from: UsageAccumulator,
  maxResourcesPerAction = defaultAggregateOptions.maxResourcesPerAction,
): UsageAccumulator {
  for (const [arn, p] of from.principals) {
    const target = into.principals.get(arn);
    if (!target) {
      into.principals.set(arn, p);
      continue;
    }
    for (const [fn, n] of p.functions) target.functions.set(fn, (target.functions.get(fn) ?? 0) + n);
    for (const [action, s] of p.actions) {
      const t = target.actions.get(action);
      if (!t) {
        target.actions.set(action, s);
        continue;
      }
      t.count += s.count;
      t.unresolved += s.unresolved;
      t.firstMs = Math.min(t.firstMs, s.firstMs);
      t.lastMs = Math.max(t.lastMs, s.lastMs);
      let current = Math.max(t.foldLevel, s.foldLevel);
      if (current > t.foldLevel) {
        // Bring the target to the same coarseness before adding the other side.
        const all = [...t.resources];
        t.resources.clear();
        for (const r of all) current = addBounded(t.resources, current, r, maxResourcesPerAction);
      }
      for (const r of s.resources) current = addBounded(t.resources, current, r, maxResourcesPerAction);
      t.foldLevel = current;
      for (const f of s.functions) t.functions.add(f);
    }
    for (const [key, d] of p.denied) {
      const t = target.denied.get(key);
      if (!t) {
        target.denied.set(key, d);
        continue;
      }
      t.count += d.count;
      t.firstMs = Math.min(t.firstMs, d.firstMs);
      t.lastMs = Math.max(t.lastMs, d.lastMs);
      for (const r of d.resources) if (t.resources.size < maxResourcesPerAction) t.resources.add(r);
      for (const f of d.functions) t.functions.add(f);
    }
  }
  for (const [key, u] of from.unmapped) {
    const t = into.unmapped.get(key);
    if (t) t.count += u.count;
    else into.unmapped.set(key, u);
  }
  for (const [key, s] of from.skipped) {
    const t = into.skipped.get(key);
    if (t) t.records += s.records;
    else into.skipped.set(key, s);
  }
  const a = into.stats;
  const b = from.stats;
  a.files += b.files;
  a.records += b.records;
  a.events += b.events;
  a.fromMs = Math.min(a.fromMs, b.fromMs);
  a.toMs = Math.max(a.toMs, b.toMs);
  a.logFromMs = Math.min(a.logFromMs, b.logFromMs);
  a.logToMs = Math.max(a.logToMs, b.logToMs);
  for (const r of b.regions) a.regions.add(r);
  for (const s of b.dataEventSources) a.dataEventSources.add(s);
  for (const d of b.days) a.days.add(d);
  a.nonApiEvents += b.nonApiEvents;
  a.serviceEvents += b.serviceEvents;
  a.permissionlessEvents += b.permissionlessEvents;
  // Old accumulators (restored from checkpoints written before these fields) may lack them.
  const changes = from.policyChanges ?? [];
  const room = Math.max(0, MAX_POLICY_CHANGES - into.policyChanges.length);
  if (changes.length > 0) into.policyChanges.push(...changes.slice(0, room));
  into.policyChangesDropped += (from.policyChangesDropped ?? 0) + Math.max(0, changes.length - room);
  return into;
}
