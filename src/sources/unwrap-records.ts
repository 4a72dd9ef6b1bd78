import { isTrailRecord } from '../normalize/normalize-record.js';

/** Receives what a parsed JSON value holds. */
export interface UnwrapSink {
  record(raw: unknown): void;
  /** A value that is neither a CloudTrail record nor a known envelope, with why. */
  foreign(reason: string): void;
}

/**
 * Finds CloudTrail records inside the shapes they are shipped in:
 * S3 delivery `{"Records":[...]}`, arrays, EventBridge envelopes (`detail`),
 * `{"_raw":"<json>"}` (Cribl/Splunk), `{"message":"<json>"}` (log shippers), and rule
 * test fixtures that wrap a payload in `data`. Anything else is reported as foreign.
 */
export function unwrapRecords(value: unknown, sink: UnwrapSink, depth = 0): void {
  if (depth > 8) {
    sink.foreign('not CloudTrail: nested too deeply');
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) unwrapRecords(item, sink, depth + 1);
    return;
  }
  if (isTrailRecord(value)) {
    sink.record(value);
    return;
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (Array.isArray(obj.Records)) {
      unwrapRecords(obj.Records, sink, depth + 1);
      return;
    }
    if (obj.detail && typeof obj.detail === 'object' && ('detail-type' in obj || 'source' in obj)) {
      unwrapRecords(obj.detail, sink, depth + 1);
      return;
    }
    for (const key of ['_raw', 'message']) {
      const embedded = obj[key];
      if (typeof embedded === 'string' && /^\s*[[{]/.test(embedded)) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(embedded);
        } catch (e) {
          sink.foreign(`invalid JSON inside "${key}": ${(e as Error).message}`);
          return;
        }
        unwrapRecords(parsed, sink, depth + 1);
        return;
      }
    }
    if (obj.data && typeof obj.data === 'object') {
      unwrapRecords(obj.data, sink, depth + 1);
      return;
    }
  }
  sink.foreign(foreignReason(value));
}

function foreignReason(value: unknown): string {
  if (value === null || typeof value !== 'object')
    return `not CloudTrail: a bare ${value === null ? 'null' : typeof value}`;
  const source = (value as Record<string, unknown>).eventSource;
  if (typeof source === 'string') {
    return `not CloudTrail: eventSource ${JSON.stringify(source.slice(0, 60))} is not an AWS service endpoint`;
  }
  return 'not CloudTrail: no eventSource/eventName';
}
