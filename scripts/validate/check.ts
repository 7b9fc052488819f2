/** One offline validator of `npm run validate`: what it checks and the problems it finds. */
export interface Check {
  /** Shown before its result, e.g. `workflow files (action-validator)`. */
  readonly name: string;
  /**
   * System commands it runs: a missing one is reported, with how to install it, instead of the
   * check. @default none
   */
  readonly needs?: readonly SystemTool[];
  /** Every problem found, one line each (file first); empty when all is well. */
  run(rootDir: string): Promise<readonly string[]> | readonly string[];
}

export interface SystemTool {
  readonly command: string;
  /** How to install it, e.g. `apt-get install -y shellcheck`. */
  readonly install: string;
}
