import type { CoverageOptions } from '../coverage/input-coverage.js';
import type { TrailConfigJson } from '../coverage/trail-config.js';
import { InputError } from '../errors/iamtrim-error.js';
import { readJsonFile } from '../sources/read-json-file.js';

/** The coverage flags shared by `suggest` and `patch`. */
export interface CoverageArgs {
  dataEvents?: string;
  regions?: string;
  trailConfig?: string[];
}

/** Turns --data-events, --regions and --trail-config into coverage options. */
export async function coverageOptions(argv: CoverageArgs): Promise<CoverageOptions> {
  const list = (v: string): string[] =>
    v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const dataEvents =
    argv.dataEvents === undefined
      ? undefined
      : argv.dataEvents === 'all' || argv.dataEvents === 'none'
        ? argv.dataEvents
        : list(argv.dataEvents);
  const regions =
    argv.regions === undefined ? undefined : argv.regions === 'all' ? 'all' : list(argv.regions);
  // get-trail and get-event-selectors print one trail each: files naming the same trail
  // ARN (or none) are merged into one trail, files naming other ARNs are other trails.
  const byTrail = new Map<string, TrailConfigJson>();
  for (const file of argv.trailConfig ?? []) {
    const json = (await readJsonFile(file, 'trail configuration')) as TrailConfigJson;
    if (!json || typeof json !== 'object' || Array.isArray(json))
      throw new InputError(
        `${file}: a trail configuration must be a JSON object (aws cloudtrail get-trail / get-event-selectors)`,
      );
    const key = json.Trail?.TrailARN ?? json.TrailARN ?? '';
    byTrail.set(key, { ...(byTrail.get(key) ?? {}), ...json });
  }
  const unnamed = byTrail.get('');
  if (unnamed && byTrail.size > 1) {
    // A file without an ARN belongs to the only named trail, when there is one.
    byTrail.delete('');
    if (byTrail.size === 1) {
      const [k, v] = [...byTrail][0] as [string, TrailConfigJson];
      byTrail.set(k, { ...unnamed, ...v });
    } else byTrail.set('', unnamed);
  }
  const trails = [...byTrail.values()];
  return {
    ...(dataEvents ? { dataEvents } : {}),
    ...(regions ? { regions } : {}),
    ...(trails.length ? { trails } : {}),
  };
}
