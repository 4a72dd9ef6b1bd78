import type { CoverageOptions } from '../coverage/input-coverage.js';
import { trailCoverage, type TrailConfigJson, type TrailCoverage } from '../coverage/trail-config.js';
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
  let trail: TrailCoverage | undefined;
  if (argv.trailConfig?.length) {
    const merged: TrailConfigJson = {};
    for (const file of argv.trailConfig)
      Object.assign(merged, (await readJsonFile(file, 'trail configuration')) as TrailConfigJson);
    trail = trailCoverage(merged);
  }
  return {
    ...(dataEvents ? { dataEvents } : {}),
    ...(regions ? { regions } : {}),
    ...(trail ? { trail } : {}),
  };
}
