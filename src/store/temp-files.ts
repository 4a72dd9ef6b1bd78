import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { lstat, readdir, unlink } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';

// `.NAME.iamtrim-<pid>-<hex>.tmp`: hidden, named after the target, and carrying the
// writer's pid so a later run can tell a leftover of a killed process from a live write.
const tempPattern = /^\..*\.iamtrim-(\d+)-[0-9a-f]+\.tmp$/s;

/** Longest part of the target's name kept in a temporary name (file names stop at 255 bytes). */
const maxStem = 100;

/** A fresh temporary path beside `target`, recognisable by `removeStaleTemps`. */
export function tempPathFor(target: string, dir: string): string {
  const stem = basename(target).slice(0, maxStem);
  return join(dir, `.${stem}.iamtrim-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

const live = new Set<string>();
const handledSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Removes every live temporary file, synchronously (a signal or `exit` leaves no time for
 * more), then ends the process as the signal would have: 128 + its number.
 */
function onSignal(signal: NodeJS.Signals): void {
  removeLiveTemps();
  process.exit(128 + (constants.signals[signal] ?? 0));
}

function removeLiveTemps(): void {
  for (const path of live) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone (renamed or removed): nothing to clean.
    }
  }
  live.clear();
}

/**
 * Records a temporary file as alive: until `releaseTemp`, SIGINT, SIGTERM, SIGHUP or an
 * `exit` of the process removes it. The handlers are installed only while a temporary
 * file lives, so a run that writes nothing keeps Node's default signal behaviour.
 */
export function trackTemp(path: string): void {
  if (live.size === 0) {
    for (const s of handledSignals) process.on(s, onSignal);
    process.on('exit', removeLiveTemps);
  }
  live.add(path);
}

/** The temporary file was renamed or removed: forget it (and the handlers when none is left). */
export function releaseTemp(path: string): void {
  if (!live.delete(path) || live.size > 0) return;
  for (const s of handledSignals) process.off(s, onSignal);
  process.off('exit', removeLiveTemps);
}

/** The temporary files this process has alive now (for tests). */
export function liveTemps(): readonly string[] {
  return [...live];
}

const swept = new Set<string>();

/**
 * Removes the temporary files left in `dir` by iamtrim processes that no longer run
 * (killed with SIGKILL, or a crash of the machine). A pid still alive, or one this user
 * may not signal, is left alone. Each directory is swept once per process, so writing many
 * files into one directory reads it once. Failures are ignored: this is tidying, not the job.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  if (swept.has(dir)) return [];
  swept.add(dir);
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(tempPattern.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
    const path = join(dir, name);
    try {
      if (!(await lstat(path)).isFile()) continue;
      await unlink(path);
      removed.push(path);
    } catch {
      // Raced with another run's sweep, or not ours to remove.
    }
  }
  return removed;
}

/** Forgets which directories were swept (for tests that sweep the same directory twice). */
export function forgetSweptDirs(): void {
  swept.clear();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
