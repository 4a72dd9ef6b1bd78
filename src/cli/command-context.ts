/** What command handlers may use of the outside world besides their arguments. */
export interface CommandContext {
  readonly stderr: (line: string) => void;
}
