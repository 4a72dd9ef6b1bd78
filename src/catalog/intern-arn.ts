import { arnOf, type ArnScope, type NamedResourceKind } from './arn-of.js';

/**
 * `arnOf`, handing back the same string for the same resource. A trail names the same few
 * tables, queues and keys thousands of times; a string built once keeps its hash, so the
 * ARN-type cache and the per-action resource sets that look it up next do not copy and
 * hash a fresh ARN per record. The result is always exactly `arnOf(kind, scope, name)`.
 */
export function internArnOf(kind: NamedResourceKind, scope: ArnScope, name: string): string {
  let entries = interned.get(name);
  if (!entries) {
    if (interned.size >= NAME_LIMIT) interned.clear();
    entries = [];
    interned.set(name, entries);
  }
  for (const e of entries) {
    if (
      e.kind === kind &&
      e.partition === scope.partition &&
      e.region === scope.region &&
      e.account === scope.account
    )
      return e.arn;
  }
  const arn = arnOf(kind, scope, name);
  // Real trails name a resource in a few regions and accounts; a forged one must not make
  // this list long.
  if (entries.length >= SCOPES_PER_NAME_LIMIT) entries.length = 0;
  entries.push({ kind, partition: scope.partition, region: scope.region, account: scope.account, arn });
  return arn;
}

interface InternedArn {
  readonly kind: NamedResourceKind;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly arn: string;
}

// Past this many names the cache starts over rather than grow without bound.
const NAME_LIMIT = 20_000;
const SCOPES_PER_NAME_LIMIT = 16;
const interned = new Map<string, InternedArn[]>();
