/**
 * A mistake found in a declaration file (the fleet or a tenant), phrased for the person who opened
 * the pull request: which file, which field, what is wrong and how to fix it.
 */
export interface Problem {
  /** Path of the file, relative to the repository root, e.g. `tenants/la-rue-commune.ts`. */
  readonly file: string;
  /** Dotted path of the field, e.g. `apps.jitsi.maxResolution`; empty for the file as a whole. */
  readonly field: string;
  /** What is wrong and how to fix it, in one sentence. */
  readonly message: string;
}

export function formatProblem(problem: Problem): string {
  const where = problem.field === "" ? problem.file : `${problem.file}: ${problem.field}`;
  return `${where}: ${problem.message}`;
}

/** Thrown when declarations are invalid; carries every problem found, not just the first. */
export class DeclarationError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = [...problems].sort(compareProblems).map((p) => `  - ${formatProblem(p)}`);
    super(`jardin: ${count} in the declarations; nothing was deployed:\n${lines.join("\n")}`);
    this.name = "DeclarationError";
    this.problems = problems;
  }
}

/** Throws a DeclarationError when there is anything to report. */
export function assertNoProblems(problems: readonly Problem[]): void {
  if (problems.length > 0) throw new DeclarationError(problems);
}

function compareProblems(a: Problem, b: Problem): number {
  return a.file.localeCompare(b.file) || a.field.localeCompare(b.field) || a.message.localeCompare(b.message);
}
