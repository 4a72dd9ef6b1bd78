import type { TextSink } from './command-context.js';

/**
 * The width a renderer should fit: the terminal's columns when the output goes to a
 * terminal, else undefined (a file written with --out, or a pipe, takes whole lines).
 */
export function terminalWidth(sink: TextSink, outFile?: string): number | undefined {
  if (outFile !== undefined || sink.isTTY !== true) return undefined;
  return sink.columns && sink.columns > 0 ? sink.columns : undefined;
}
