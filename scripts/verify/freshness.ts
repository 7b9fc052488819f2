import { cronLongestGapMinutes } from "../../model/cron";
import { ok, problem, type CheckResult } from "./result";

/**
 * How old a schedule's newest success may be: the longest gap between two runs, plus time for a
 * run to finish (a quarter of the gap, at least an hour). Older means a run was missed or failed.
 */
export function allowedAgeMinutes(schedule: string): number {
  const gap = cronLongestGapMinutes(schedule);
  return gap + Math.max(60, gap / 4);
}

export interface Attempts {
  /** When the newest successful run finished. */
  readonly lastSuccess?: Date;
  /** When the newest failed run finished, if it is newer than the last success. */
  readonly failedSince?: Date;
  /** Why it failed, as the operator says. */
  readonly failure?: string;
}

/** A result that must be younger than its schedule allows: ok, a warning when a newer run failed, a failure when too old or never. */
export function judgeFreshness(
  line: { readonly subject: string; readonly check: string; readonly remedy: string },
  schedule: string,
  attempts: Attempts,
  now: Date,
): CheckResult {
  const allowed = allowedAgeMinutes(schedule);
  const { subject, check, remedy } = line;
  if (attempts.lastSuccess === undefined) return problem("fail", subject, check, `none has succeeded (schedule "${schedule}")${failure(attempts)}`, remedy);
  const age = Math.round((now.getTime() - attempts.lastSuccess.getTime()) / 60_000);
  const seen = `last success ${attempts.lastSuccess.toISOString()}, ${hours(age)} ago`;
  if (age > allowed) return problem("fail", subject, check, `${seen}; schedule "${schedule}" allows ${hours(allowed)}${failure(attempts)}`, remedy);
  if (attempts.failedSince !== undefined) return problem("warn", subject, check, `${seen}, but a newer run failed${failure(attempts)}`, remedy);
  return ok(subject, check, seen);
}

function failure(attempts: Attempts): string {
  return attempts.failure === undefined ? "" : `: ${attempts.failure}`;
}

function hours(minutes: number): string {
  return minutes < 120 ? `${minutes} min` : `${Math.round((minutes / 60) * 10) / 10} h`;
}
