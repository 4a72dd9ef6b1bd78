import type { Io } from './command-context.js';

/**
 * Whether output is coloured: the one rule every coloured output uses. `--color` /
 * `--no-color` decide first; then `FORCE_COLOR` (any value but `0` or `false` turns colour
 * on, as in Node); then `NO_COLOR` (any non-empty value turns it off); else colour only when
 * the output is a terminal. `toFile`: the output goes to a file (`--out`), never a terminal.
 */
export function useColor(io: Pick<Io, 'stdout' | 'env'>, flag?: boolean, toFile = false): boolean {
  if (flag !== undefined) return flag;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (io.env.NO_COLOR) return false;
  return !toFile && io.stdout.isTTY === true;
}
