import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * ../shared/corpora/iac beside the repository (as CI places it), or IAMTRIM_IAC_CORPUS (a
 * git worktree does not sit beside ../shared). Tests over it skip, saying so, when absent.
 */
export const iacDir =
  process.env.IAMTRIM_IAC_CORPUS ?? fileURLToPath(new URL('../../../shared/corpora/iac/', import.meta.url));

export const iacCorpusPresent = existsSync(iacDir);
if (!iacCorpusPresent)
  console.warn(`IaC corpus tests skipped: ${iacDir} not found (it sits beside the repo in CI)`);

/** Every template file under `dir` (YAML, JSON, .template, Terraform), sorted. */
export function listTemplates(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return listTemplates(path);
      return /\.(ya?ml|json|template|tf)$/i.test(name) ? [path] : [];
    });
}
