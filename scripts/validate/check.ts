import type { RenderedUserData } from "./user-data";

/** Something a check found wrong, in one file or one server's user data. */
export interface Finding {
  /** What was checked, e.g. `user data of ada-lovelace-workers-fsn1-1`. */
  readonly subject: string;
  /** The validator's own words. */
  readonly message: string;
}

/** What checks can ask for; each is computed once, when a check first asks. */
export interface ValidateContext {
  readonly rootDir: string;
  /** A fresh folder for files the validators read; removed when the run ends. */
  readonly workDir: string;
  /** Every server's user data, rendered by the real program. */
  userData(): Promise<readonly RenderedUserData[]>;
}

/** One validator. Adding one is a file in scripts/validate/ and a line in checks.ts. */
export interface Check {
  readonly name: string;
  /** System commands it runs, so a missing one is reported with how to install it. */
  readonly needs: readonly { readonly command: string; readonly install: string }[];
  run(context: ValidateContext): Promise<Finding[]>;
}
