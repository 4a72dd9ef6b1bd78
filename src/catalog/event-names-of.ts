import type { EventActionData } from './event-action-data.js';

/**
 * action → every CloudTrail event name whose call needs it, from the mapping data: the
 * operations mapped to the action (s3:PutObject ← PutObject, CopyObject, UploadPart, ...)
 * and the operation of the same name. A trail selector that filters on eventName covers
 * the action only when it selects all of them.
 */
export function eventNamesOf(data: EventActionData): (action: string) => readonly string[] | undefined {
  const byAction = new Map<string, Set<string>>();
  const add = (action: string, name: string): void => {
    const key = action.toLowerCase();
    const set = byAction.get(key) ?? new Set<string>();
    set.add(name);
    byAction.set(key, set);
  };
  for (const ops of Object.values(data.operations))
    for (const [op, variants] of Object.entries(ops)) for (const v of variants) add(v.action, op);
  for (const [prefix, names] of Object.entries(data.operationNames))
    for (const name of names)
      if (!byAction.has(`${prefix}:${name}`.toLowerCase())) add(`${prefix}:${name}`, name);
  return (action) => {
    const set = byAction.get(action.toLowerCase());
    return set ? [...set].sort() : undefined;
  };
}
