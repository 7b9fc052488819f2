/** One offline validator of `npm run validate`: what it checks and the problems it finds. */
export interface Check {
  /** Shown before its result, e.g. `workflow files (action-validator)`. */
  readonly name: string;
  /** Every problem found, one line each (file first); empty when all is well. */
  run(rootDir: string): Promise<readonly string[]> | readonly string[];
}
