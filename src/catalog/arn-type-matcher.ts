import { ownValue } from './own-value.js';
import type { ActionCatalog, ResourceTypeInfo } from './action-catalog.js';

interface CompiledType {
  readonly type: ResourceTypeInfo;
  readonly re: RegExp;
  /** Literal characters in the format: more literals means a more specific type. */
  readonly specificity: number;
  /** `service:type`, as `acceptedTypes` spells it. */
  readonly key: string;
  /** The type IAM also evaluates this one as (see `QUALIFIED_AS`), if any. */
  readonly parentKey: string | undefined;
}

/** Per catalog: compiled formats by service, and the type of each ARN seen (bounded). */
interface MatcherState {
  readonly compiled: Map<string, CompiledType[]>;
  readonly arnTypes: Map<string, CompiledType | null>;
}

const states = new WeakMap<ActionCatalog, MatcherState>();
// The same tables, queues and keys recur across a trail; object keys mostly do not.
// Past this many entries the ARN cache starts over rather than grow without bound.
const ARN_CACHE_LIMIT = 50_000;

function stateFor(catalog: ActionCatalog): MatcherState {
  let state = states.get(catalog);
  if (!state) {
    state = { compiled: new Map(), arnTypes: new Map() };
    states.set(catalog, state);
  }
  return state;
}

/**
 * Tells which resource type of its service an ARN is, by matching it against the ARN
 * formats of the catalog. When several formats match (a DynamoDB index ARN also fits
 * the table format's `${TableName}`), the most specific format wins. Null when the ARN
 * names no service or fits no format.
 */
function resourceTypeOfArn(arn: string, state: MatcherState, catalog: ActionCatalog): CompiledType | null {
  const cached = state.arnTypes.get(arn);
  if (cached !== undefined) return cached;
  // The service is looked up only on a miss: it is part of the ARN, so of the cache key.
  const service = serviceOfArn(arn);
  let best: CompiledType | null = null;
  if (service) {
    let types = state.compiled.get(service);
    if (!types) {
      types = catalog.resourceTypes(service).map((t) => compileType(t, service));
      state.compiled.set(service, types);
    }
    for (const t of types) {
      if (t.re.test(arn) && (!best || t.specificity > best.specificity)) best = t;
    }
  }
  if (state.arnTypes.size >= ARN_CACHE_LIMIT) state.arnTypes.clear();
  state.arnTypes.set(arn, best);
  return best;
}

function compileType(type: ResourceTypeInfo, service: string): CompiledType {
  let literal = 0;
  const source = type.arnFormat
    .split(/(\$\{[^}]+\})/)
    .map((piece) => {
      if (piece.startsWith('${')) {
        // Partition, region and account never contain ':'; resource names may contain anything.
        return /^\$\{(Partition|Region|Account)\}$/.test(piece) ? '[^:]*' : '.+';
      }
      literal += piece.length;
      return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  const key = `${service}:${type.name}`;
  return {
    type,
    re: new RegExp(`^${source}$`),
    specificity: literal,
    key,
    parentKey: ownValue(QUALIFIED_AS, key),
  };
}

// The resource types an action accepts, as `service:type`, computed once per action.
const accepted = new WeakMap<readonly ResourceTypeInfo[], Set<string>>();

function acceptedTypes(actionTypes: readonly ResourceTypeInfo[]): Set<string> {
  let set = accepted.get(actionTypes);
  if (!set) {
    set = new Set(actionTypes.map((t) => `${serviceOfArn(t.arnFormat)}:${t.name}`));
    accepted.set(actionTypes, set);
  }
  return set;
}

/** The service field of an ARN (`arn:partition:service:...`). */
export function serviceOfArn(arn: string): string {
  const a = arn.indexOf(':', 4);
  const b = a < 0 ? -1 : arn.indexOf(':', a + 1);
  return b < 0 ? '' : arn.slice(a + 1, b);
}

// Types that IAM evaluates in place of their parent: an action on `function` invoked
// with a qualified ARN is authorized against that qualified ARN (AWS Lambda developer
// guide, "Resources and conditions for Lambda actions": functions can be named by
// unqualified, version or alias ARN), while the reference lists only `function`.
const QUALIFIED_AS: Readonly<Record<string, string>> = {
  'lambda:function alias': 'lambda:function',
  'lambda:function version': 'lambda:function',
};

/**
 * Keeps the ARNs whose resource type is one the action accepts. Wildcard patterns
 * (S3 `bucket/prefix*`, Secrets Manager `name-??????`) are checked with the wildcard
 * characters read as part of the name.
 */
export function arnsForAction(
  arns: Iterable<string>,
  actionTypes: readonly ResourceTypeInfo[],
  catalog: ActionCatalog,
): string[] {
  const wanted = acceptedTypes(actionTypes);
  const state = stateFor(catalog);
  const out: string[] = [];
  for (const arn of arns) {
    const type = resourceTypeOfArn(arn, state, catalog);
    if (!type || out.includes(arn)) continue;
    if (wanted.has(type.key) || (type.parentKey !== undefined && wanted.has(type.parentKey))) out.push(arn);
  }
  return out;
}
