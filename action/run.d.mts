/** Types of run.mjs (for the tests, which are TypeScript). */
export declare const COMMANDS: readonly string[];
export declare class UsageProblem extends Error {}
export interface ReportPlan {
  readonly extra: string[];
  readonly markdown: string | undefined;
  readonly echoMarkdown: boolean;
  readonly sarifFile: string | undefined;
  readonly sarifRun: boolean;
  readonly notes: string[];
}
export declare function planReports(
  command: string,
  args: readonly string[],
  options: { summary: boolean; sarif: string; tmp: string },
): ReportPlan;
export declare function countsOf(
  command: string,
  run: { status: number; stderr: string; sarifFile?: string | undefined; threshold?: boolean },
): { removable: number | undefined; findings: number | undefined };
export declare function runAction(
  env: Record<string, string | undefined>,
  io: { cli: string; stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream },
): number;
