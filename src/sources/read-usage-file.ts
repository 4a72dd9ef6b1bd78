import { InputError } from '../errors/iamtrim-error.js';
import type { UsageReport } from '../usage/usage-report.js';
import { readJsonFile } from './read-json-file.js';

/**
 * Reads the JSON that `iamtrim usage --format json` wrote, so one scan can feed many
 * suggestions. Checks the shape it relies on and names the file and field when it is off.
 */
export async function readUsageFile(path: string): Promise<UsageReport> {
  const doc = await readJsonFile(path, 'usage file');
  const fail = (what: string): never => {
    throw new InputError(
      `not an iamtrim usage report: ${what} (write one with iamtrim usage --format json)`,
      path,
    );
  };
  if (!doc || typeof doc !== 'object') fail('expected an object');
  const r = doc as Record<string, unknown>;
  if (!Array.isArray(r.principals)) fail('missing "principals" array');
  if (!r.stats || typeof r.stats !== 'object') fail('missing "stats"');
  const stats = r.stats as Record<string, unknown>;
  if (!Array.isArray(stats.dataEventSources) || typeof stats.days !== 'number' || !stats.window) {
    fail('"stats" lacks dataEventSources, days or window');
  }
  (r.principals as unknown[]).forEach((p, i) => {
    const pr = p as Record<string, unknown>;
    if (typeof pr?.arn !== 'string' || !Array.isArray(pr.actions) || !Array.isArray(pr.denied)) {
      fail(`principals[${i}] lacks arn, actions or denied`);
    }
    (pr.actions as unknown[]).forEach((a, j) => {
      const ar = a as Record<string, unknown>;
      if (typeof ar?.action !== 'string' || !Array.isArray(ar.resources) || typeof ar.count !== 'number') {
        fail(`principals[${i}].actions[${j}] lacks action, resources or count`);
      }
    });
  });
  return doc as UsageReport;
}
