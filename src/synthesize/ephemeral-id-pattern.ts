import type { ActionCatalog } from '../catalog/action-catalog.js';
import { ownValue } from '../catalog/own-value.js';
import { ephemeralResourceTypes, type EphemeralResourceType } from './ephemeral-resource-types.js';

// Compiled formats, keyed by format text: the list is fixed and catalogs rarely differ.
const compiled = new Map<string, RegExp | null>();

const byService: Readonly<Record<string, readonly EphemeralResourceType[]>> = (() => {
  const out: Record<string, EphemeralResourceType[]> = {};
  for (const t of ephemeralResourceTypes) (out[t.service] ??= []).push(t);
  return out;
})();

/**
 * The wildcard an ARN of a short-lived resource type stands for: the ARN up to the ID
 * that every run makes anew, then `*` (`...:snapshot/snap-0a1b` → `...:snapshot/*`,
 * `...:stack/orders/1f2e-...` → `...:stack/orders/*`). Partition, region, account and any
 * long-lived name before the ID are kept as used. Undefined for any other ARN, and for
 * an ARN whose kept part holds a wildcard character (it would mean more than it says).
 *
 * With a catalog, the type's ARN format is the catalog's where it knows the type (so a
 * format AWS changes is followed); otherwise the format recorded in the list.
 */
export function ephemeralIdPattern(arn: string, catalog?: ActionCatalog): string | undefined {
  const service = serviceOf(arn);
  const types = ownValue(byService, service);
  if (!types) return undefined;
  for (const type of types) {
    const format = (catalog && formatIn(catalog, type)) ?? type.arnFormat;
    const re = compileFormat(format, type.idVariable);
    const m = re?.exec(arn);
    if (!m) continue;
    const kept = m[1] as string;
    if (/[*?$]/.test(kept)) return undefined;
    return `${kept}*`;
  }
  return undefined;
}

function formatIn(catalog: ActionCatalog, type: EphemeralResourceType): string | undefined {
  return catalog.resourceTypes(type.service).find((t) => t.name === type.resourceType)?.arnFormat;
}

function serviceOf(arn: string): string {
  const parts = arn.split(':', 4);
  return parts.length === 4 && parts[0] === 'arn' ? (parts[2] as string) : '';
}

/**
 * `^(<everything before the ID>)<ID and the rest>$`. IDs never hold `/` or `:`, so a
 * longer path (another type sharing the prefix) does not match; names before the ID may.
 */
function compileFormat(format: string, idVariable: string): RegExp | null {
  const key = `${idVariable}\u0000${format}`;
  const cached = compiled.get(key);
  if (cached !== undefined) return cached;
  const pieces = format.split(/(\$\{[^}]+\})/);
  const at = pieces.indexOf(`\${${idVariable}}`);
  let re: RegExp | null = null;
  if (at >= 0) {
    const source = (from: number, to: number, variable: (name: string) => string): string =>
      pieces
        .slice(from, to)
        .map((p) => {
          const v = /^\$\{([^}]+)\}$/.exec(p);
          return v ? variable(v[1] as string) : p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        })
        .join('');
    const head = source(0, at, (name) =>
      name === 'Partition' || name === 'Region' || name === 'Account' ? '[^:]*' : '.+',
    );
    const tail = source(at, pieces.length, () => '[^/:]+');
    re = new RegExp(`^(${head})${tail}$`, 's');
  }
  compiled.set(key, re);
  return re;
}
