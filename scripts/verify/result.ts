/** How a check came out: `fail` makes `npm run verify` exit non-zero. */
export type Status = "ok" | "warn" | "fail";

/** One line of the report: a tenant's (or a cluster's) check, how it came out, and what to do. */
export interface CheckResult {
  /** The tenant id, or `cluster <name>` for what belongs to a cluster. */
  readonly subject: string;
  /** What was checked, e.g. `dns cloud.semeurs.example`, `login nextcloud`. */
  readonly check: string;
  readonly status: Status;
  /** What was seen. */
  readonly detail: string;
  /** What a gardener does about it; empty when all is well. */
  readonly remedy: string;
}

export function ok(subject: string, check: string, detail: string): CheckResult {
  return { subject, check, status: "ok", detail, remedy: "" };
}

export function problem(status: "warn" | "fail", subject: string, check: string, detail: string, remedy: string): CheckResult {
  return { subject, check, status, detail, remedy };
}

/** An error's message, for a report line: the failing call's own words. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
