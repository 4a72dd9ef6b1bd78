import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { SourceCheckpoint } from '../model/source-checkpoint.js';
import { checkpointKey } from '../model/source-checkpoint.js';
import { expandPaths, STDIN_ARG } from './expand-paths.js';

type FilesCheckpoint = Extract<SourceCheckpoint, { kind: 'files' }>;

/** What `selectNewFiles` chose. */
export interface FileSelection {
  /** The files to read: never read before under their input. */
  readonly files: { path: string; size: number }[];
  /** One 'files' checkpoint per input, covering what was read before and what is read now. */
  readonly checkpoints: FilesCheckpoint[];
  /** Paths not read and why (unreadable, or changed since they were read). */
  readonly skipped: { path: string; reason: string }[];
  /** Per input: files found and how many of them are new, for the report's source lines. */
  readonly inputs: { input: string; found: number; selected: number }[];
}

/**
 * The local log files that are new since the previous run, per `--cloudtrail` input.
 * A file is known by its name relative to its input (a directory input), or by the input
 * itself (a file or a glob match), so a synced directory moved elsewhere but named the
 * same way still matches. CloudTrail never rewrites a delivered file: one whose size
 * changed since it was read is reported in `skipped` and not read again (its records were
 * already counted; reading it again would count them twice), and its checkpoint keeps the
 * size that was read, so every run says so. Files that vanished stay in the checkpoint, so
 * a re-synced copy is not read twice.
 */
export async function selectNewFiles(
  inputs: readonly string[],
  previous: readonly SourceCheckpoint[],
): Promise<FileSelection> {
  const before = new Map<string, FilesCheckpoint>();
  for (const c of previous) if (c.kind === 'files') before.set(checkpointKey(c), c);
  const out: FileSelection = { files: [], checkpoints: [], skipped: [], inputs: [] };
  const taken = new Set<string>();
  for (const input of inputs) {
    if (input === '-' || input === STDIN_ARG) {
      out.skipped.push({
        path: '<stdin>',
        reason: 'standard input cannot be read incrementally: give files',
      });
      continue;
    }
    const isDir = await stat(input).then(
      (s) => s.isDirectory(),
      () => false,
    );
    const listed: { name: string; path: string; size: number }[] = [];
    for (const e of await expandPaths([input])) {
      if (e.kind === 'unreadable') out.skipped.push({ path: e.path, reason: e.reason });
      else if (e.kind === 'file')
        listed.push({ name: nameOf(input, e.path, isDir), path: e.path, size: e.size });
    }
    const prev = before.get(`files:${input}`);
    const choice = chooseNewFiles(listed, prev?.files ?? {});
    const fresh = choice.read.filter((f) => {
      // Two inputs reaching one file (a directory and a glob in it): read it once.
      const key = resolve(f.path);
      if (taken.has(key)) return false;
      taken.add(key);
      return true;
    });
    out.files.push(...fresh.map((f) => ({ path: f.path, size: f.size })));
    out.skipped.push(...choice.changed);
    out.checkpoints.push({ kind: 'files', input, files: choice.next });
    out.inputs.push({ input, found: listed.length, selected: fresh.length });
  }
  return out;
}

/**
 * The pure half of `selectNewFiles`: given the files found under one input (by name) and the
 * sizes read before, which to read and the next name → size record.
 */
export function chooseNewFiles<T extends { name: string; path: string; size: number }>(
  listed: readonly T[],
  read: Readonly<Record<string, number>>,
): { read: T[]; changed: { path: string; reason: string }[]; next: Record<string, number> } {
  // A null-prototype record: file names are user input and may be `__proto__`.
  const next: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [name, size] of Object.entries(read)) next[name] = size;
  const toRead: T[] = [];
  const changed: { path: string; reason: string }[] = [];
  for (const f of listed) {
    if (!Object.hasOwn(read, f.name)) {
      toRead.push(f);
      next[f.name] = f.size;
    } else if (read[f.name] !== f.size) {
      changed.push({
        path: f.path,
        reason: `changed since it was read (${read[f.name]} bytes then, ${f.size} now): CloudTrail never rewrites a log file, so it is not read again and its new records, if any, are not counted`,
      });
    }
  }
  // Sorted, so the stored checkpoint is stable to diff between runs.
  const sorted: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const name of Object.keys(next).sort()) sorted[name] = next[name]!;
  return { read: toRead, changed, next: { ...sorted } };
}

/** A file's name under its input: relative with `/` for a directory, else the path as found. */
function nameOf(input: string, path: string, isDir: boolean): string {
  if (!isDir) return path;
  return relative(input, path).split(sep).join('/');
}
