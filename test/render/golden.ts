import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * Compares a renderer's output with its golden file under test/golden/. Regenerate with
 * UPDATE_GOLDEN=1 after a deliberate format change, and read the diff before committing.
 */
export function expectGolden(name: string, text: string): void {
  const file = fileURLToPath(new URL(`../golden/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

/** The lines of a text longer than `max` characters, with their numbers. */
export function longLines(text: string, max = 200): string[] {
  return text.split('\n').flatMap((l, i) => (l.length > max ? [`${i + 1}: ${l.length} chars`] : []));
}
