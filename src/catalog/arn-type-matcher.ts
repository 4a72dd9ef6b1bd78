import type { ActionCatalog, ResourceTypeInfo } from './action-catalog.js';

interface CompiledType {
  readonly type: ResourceTypeInfo;
  readonly re: RegExp;
  /** Literal characters in the format: more literals means a more specific type. */
  readonly specificity: number;
}

const compiled = new Map<string, CompiledType[]>();

/**
 * Tells which resource type of a service an ARN is, by matching it against the ARN
 * formats of the catalog. When several formats match (a DynamoDB index ARN also fits
 * the table format's `${TableName}`), the most specific format wins.
 */
export function resourceTypeOfArn(
  arn: string,
  service: string,
  catalog: ActionCatalog,
): ResourceTypeInfo | undefined {
  let types = compiled.get(service);
  if (!types) {
    types = catalog.resourceTypes(service).map(compileType);
    compiled.set(service, types);
  }
  let best: CompiledType | undefined;
  for (const t of types) {
    if (t.re.test(arn) && (!best || t.specificity > best.specificity)) best = t;
  }
  return best?.type;
}

function compileType(type: ResourceTypeInfo): CompiledType {
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
  return { type, re: new RegExp(`^${source}$`), specificity: literal };
}

/**
 * Keeps the ARNs whose resource type is one the action accepts. Wildcard patterns
 * (S3 `bucket/prefix*`, Secrets Manager `name-??????`) are checked with the wildcard
 * characters read as part of the name.
 */
export function arnsForAction(
  arns: Iterable<string>,
  actionTypes: readonly ResourceTypeInfo[],
  service: string,
  catalog: ActionCatalog,
): string[] {
  const wanted = new Set(actionTypes.map((t) => t.name));
  const out = new Set<string>();
  for (const arn of arns) {
    const arnService = arn.split(':')[2];
    if (!arnService) continue;
    const type = resourceTypeOfArn(arn, arnService === service ? service : arnService, catalog);
    if (
      type &&
      wanted.has(type.name) &&
      actionTypes.some((t) => t.name === type.name && formatService(t) === arnService)
    ) {
      out.add(arn);
    }
  }
  return [...out];
}

function formatService(type: ResourceTypeInfo): string | undefined {
  return type.arnFormat.split(':')[2];
}
