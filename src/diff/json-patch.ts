import jsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';

export type JsonPatch = Operation[];

/** RFC 6902 operations that turn `before` into `after` (fast-json-patch). */
export function toJsonPatch(before: unknown, after: unknown): JsonPatch {
  return jsonPatch.compare(before as object, after as object);
}

/** Applies a patch to a copy of `doc`. */
export function applyJsonPatch<T>(doc: T, patch: JsonPatch): T {
  return jsonPatch.applyPatch(structuredClone(doc), patch, true, false).newDocument as T;
}
