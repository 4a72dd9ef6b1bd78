import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The native projection for a scan of every role (native/project.c) drops a record's
 * top-level `sourceIPAddress` and a flat `tlsDetails` before JSON.parse, because nothing
 * reads them. Code that starts to read either would silently get nothing on that path and
 * the whole value on the others: it must first make the projection keep the field.
 */
const DROPPED = ['sourceIPAddress', 'tlsDetails'];
const SRC = resolve(import.meta.dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('fields the all-roles projection drops', () => {
  it.each(DROPPED)('%s is read nowhere in src/', (field) => {
    const readers = sourceFiles(SRC)
      .filter((f) => readFileSync(f, 'utf8').includes(field))
      .map((f) => relative(SRC, f));
    expect(readers).toEqual([]);
  });

  it('are the fields native/project.c drops', () => {
    const c = readFileSync(resolve(SRC, '..', 'native', 'project.c'), 'utf8');
    for (const field of DROPPED) expect(c).toContain(`"${field}\\":`);
  });
});
