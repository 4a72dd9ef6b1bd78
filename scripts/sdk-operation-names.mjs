// API operation names per IAM prefix, from the service models that ship in the AWS SDK
// for JavaScript v2 (aws-sdk, Apache-2.0). Only the operation names are used, to tell
// which IAM actions are API calls CloudTrail logs. The package is fetched by name and
// pinned version with `npm pack` into a cache folder, so the repo does not carry it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SDK_PACKAGE = 'aws-sdk@2.1693.0';

function apisDir() {
  const cache = join(tmpdir(), 'iamtrim-sdk-models', SDK_PACKAGE);
  const dir = join(cache, 'package', 'apis');
  if (existsSync(dir)) return dir;
  mkdirSync(cache, { recursive: true });
  const tgz = execFileSync('npm', ['pack', SDK_PACKAGE, '--silent'], { cwd: cache, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['xzf', tgz], { cwd: cache });
  return dir;
}

/**
 * @param {(candidate: string) => boolean} isIamPrefix
 * @param {Record<string, string>} sourceExceptions eventSource → IAM prefix (monitoring → cloudwatch)
 * @returns {{ byPrefix: Record<string, string[]>, skipped: string[] }}
 */
export function sdkOperationNames(isIamPrefix, sourceExceptions) {
  const dir = apisDir();
  const byPrefix = {};
  const skipped = [];
  for (const file of readdirSync(dir).sort()) {
    if (!/^[a-z0-9.-]+-\d{4}-\d{2}-\d{2}\.min\.json$/.test(file)) continue;
    const model = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const meta = model.metadata ?? {};
    const candidates = [meta.signingName, meta.endpointPrefix].filter(Boolean);
    let prefix;
    for (const c of candidates) {
      const viaSource = sourceExceptions[`${c}.amazonaws.com`];
      if (viaSource && isIamPrefix(viaSource)) prefix = viaSource;
      else if (isIamPrefix(c)) prefix = c;
      if (prefix) break;
    }
    if (!prefix) {
      skipped.push(file);
      continue;
    }
    const set = new Set(byPrefix[prefix] ?? []);
    for (const op of Object.keys(model.operations ?? {})) set.add(op);
    byPrefix[prefix] = [...set].sort();
  }
  return { byPrefix, skipped };
}
