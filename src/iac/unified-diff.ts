import { structuredPatch } from 'diff';

/**
 * A git-style unified diff of one file (`diff --git a/<path> b/<path>`), which `git apply`
 * and `patch -p1` take from the repository root. Empty when nothing changed.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
  const patch = structuredPatch(`a/${p}`, `b/${p}`, before, after, '', '', { context: 3 });
  const out = [`diff --git a/${p} b/${p}`, `--- a/${p}`, `+++ b/${p}`];
  for (const h of patch.hunks) {
    out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    out.push(...h.lines);
  }
  return out.join('\n') + '\n';
}

// Kept here for src/cli/commands/patch.ts, which imports it from this file.
