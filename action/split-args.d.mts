/** Types of split-args.mjs (for the tests, which are TypeScript). */
export declare function splitArgs(text: string): string[];
