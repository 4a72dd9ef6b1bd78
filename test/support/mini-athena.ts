import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  SQL_DENIED_ACTION,
  SQL_DENIED_CODE,
  SQL_DENIED_MESSAGE,
  USAGE_COLUMNS,
} from '../../src/athena/build-usage-query.js';
import type { UsageRow } from '../../src/athena/rows-to-usage.js';
import type { WireRow } from './wire/athena-server.js';

export function trailFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...trailFiles(p));
    else out.push(p);
  }
  return out.sort();
}

export function readRecords(file: string): Record<string, unknown>[] {
  const buf = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  return (JSON.parse(text) as { Records: Record<string, unknown>[] }).Records;
}

export type Row = UsageRow;

/**
 * The reference "mini-Athena": what the CloudTrail table plus `buildUsageQuery` return for
 * these records, written from the SQL's semantics (not from iamtrim's normalizer). The
 * table's columns are lower-case and its resources struct is `arn, accountid, type,
 * arnprefix` (the DDL in the Athena report); string columns hold the JSON text.
 */
export function miniAthena(
  records: readonly Record<string, unknown>[],
  window: { sinceMs?: number; untilMs?: number },
): Row[] {
  const deniedCode = new RegExp(SQL_DENIED_CODE);
  const deniedMessage = new RegExp(SQL_DENIED_MESSAGE.replace('(?i)', ''), 'i');
  const deniedAction = new RegExp(SQL_DENIED_ACTION);
  const groups = new Map<string, { row: Row; first: string; last: string; count: number }>();
  for (const r of records) {
    const id = (r.userIdentity ?? {}) as Record<string, unknown>;
    const issuer = (id.sessionContext as { sessionIssuer?: { arn?: string } } | undefined)?.sessionIssuer
      ?.arn;
    // WHERE
    if (id.type !== 'AssumedRole') continue;
    if (r.eventType !== undefined && r.eventType !== 'AwsApiCall') continue;
    const t = Date.parse(String(r.eventTime));
    if (window.sinceMs !== undefined && t < window.sinceMs) continue;
    if (window.untilMs !== undefined && t >= window.untilMs) continue;
    // SELECT
    const errorCode = typeof r.errorCode === 'string' && r.errorCode ? r.errorCode : undefined;
    const errorMessage = typeof r.errorMessage === 'string' ? r.errorMessage : '';
    const errorClass = !errorCode
      ? 'ok'
      : deniedCode.test(errorCode) || deniedMessage.test(errorMessage)
        ? 'denied'
        : 'failed';
    const resources = Array.isArray(r.resources)
      ? JSON.stringify(
          (r.resources as Record<string, unknown>[]).map((x) => ({
            arn: x.ARN ?? null,
            accountid: x.accountId ?? null,
            type: x.type ?? null,
            arnprefix: x.ARNPrefix ?? null,
          })),
        )
      : undefined;
    const recipient =
      typeof r.recipientAccountId === 'string' && r.recipientAccountId ? r.recipientAccountId : undefined;
    const row: Row = {
      issuer_arn: issuer,
      session_arn: id.arn as string | undefined,
      principal_id: id.principalId as string | undefined,
      account: recipient ?? (id.accountId as string | undefined),
      event_source: r.eventSource as string,
      event_name: r.eventName as string,
      aws_region: r.awsRegion as string,
      event_category: r.eventCategory as string | undefined,
      error_class: errorClass,
      error_code: errorCode,
      denied_action: errorClass === 'denied' ? deniedAction.exec(errorMessage)?.[1] : undefined,
      request_parameters:
        r.requestParameters === null || r.requestParameters === undefined
          ? undefined
          : JSON.stringify(r.requestParameters),
      resources_json: resources,
    };
    // GROUP BY
    const key = JSON.stringify(USAGE_COLUMNS.slice(0, 13).map((c) => row[c] ?? null));
    const time = String(r.eventTime);
    const g = groups.get(key);
    if (!g) groups.set(key, { row, first: time, last: time, count: 1 });
    else {
      g.count++;
      if (time < g.first) g.first = time;
      if (time > g.last) g.last = time;
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => ({
      ...g.row,
      first_time: g.first,
      last_time: g.last,
      event_count: String(g.count),
    }));
}

export function toWire(rows: readonly Row[]): WireRow[] {
  return rows.map((row) => USAGE_COLUMNS.map((c) => row[c] ?? null));
}
