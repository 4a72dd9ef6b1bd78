import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { entryValue } from '../cloudformation/template-resources.js';
import type { AuditSuppression } from './estate-draft.js';

/**
 * The suppressions a CloudFormation/SAM resource declares in
 * `Metadata: { iamtrim: { ignore: [ { id: <rule-id>, reason: <why> } ] } }`, each placed at
 * its entry. A bare rule id in the list is a suppression without a reason (which the audit
 * reports); entries that name no rule are not suppressions and are left out.
 */
export function metadataSuppressions(
  resource: YAMLMap,
  file: string,
  lineOf: (offset: number) => number,
): AuditSuppression[] {
  const metadata = entryValue(resource, 'Metadata');
  const iamtrim = isMap(metadata) ? entryValue(metadata, 'iamtrim') : undefined;
  const ignore = isMap(iamtrim) ? entryValue(iamtrim, 'ignore') : undefined;
  if (!ignore) return [];
  const items = isSeq(ignore) ? ignore.items : [ignore];
  const out: AuditSuppression[] = [];
  for (const item of items) {
    const at = (item as { range?: [number, number] } | null)?.range?.[0] ?? 0;
    const place = { kind: 'file' as const, file, line: lineOf(at) };
    if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') {
      out.push({ rule: item.value.trim(), place });
      continue;
    }
    if (!isMap(item)) continue;
    const id = entryValue(item, 'id');
    const reason = entryValue(item, 'reason');
    if (!isScalar(id) || typeof id.value !== 'string' || id.value.trim() === '') continue;
    const why = isScalar(reason) && reason.value !== null ? String(reason.value).trim() : '';
    out.push({ rule: id.value.trim(), ...(why ? { reason: why } : {}), place });
  }
  return out;
}
