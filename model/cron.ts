import { z } from "zod";

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

/** Why a five-field cron expression is invalid, or undefined when it is valid. */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length) {
    return `${JSON.stringify(expression)} must have 5 fields (minute hour day-of-month month day-of-week), like "0 3 * * *"`;
  }
  for (const [i, part] of parts.entries()) {
    const field = FIELDS[i]!;
    for (const item of part.split(",")) {
      const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
      const numbers = match === null ? [] : [match[2], match[3]].filter((n) => n !== undefined).map(Number);
      if (match === null || numbers.some((n) => n < field.min || n > field.max) || match[4] === "0") {
        return `${JSON.stringify(expression)}: the ${field.name} field "${part}" is not valid; use numbers from ${field.min} to ${field.max}, "*", ranges "a-b", lists "a,b" or steps "*/n"`;
      }
    }
  }
  return undefined;
}

export const cronSchedule = z.string().superRefine((value, ctx) => {
  const problem = cronProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});

/** The minutes of a day, the days of a month... that one field of a valid expression fires on. */
function fieldValues(part: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const item of part.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item)!;
    const step = match[4] === undefined ? 1 : Number(match[4]);
    const from = match[2] === undefined ? min : Number(match[2]);
    // `a/n` runs from a to the field's end, as cron does.
    const to = match[3] !== undefined ? Number(match[3]) : match[2] !== undefined && match[4] === undefined ? from : max;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/**
 * The longest time, in minutes, between two runs of a valid five-field cron expression, in UTC
 * (as the operators that run jardin's schedules read them): how old the newest result of a
 * schedule may be before a run was missed. Day of month and day of week restricted together
 * match either, as cron does; 7 is Sunday like 0. Looks one leap year ahead, so a monthly or
 * yearly schedule's gaps are all seen.
 */
export function cronLongestGapMinutes(expression: string): number {
  const problem = cronProblem(expression);
  if (problem !== undefined) throw new Error(problem);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = expression.trim().split(/\s+/) as [string, string, string, string, string];
  const minutes = [...fieldValues(minute, 0, 59)].sort((a, b) => a - b);
  const hours = [...fieldValues(hour, 0, 23)].sort((a, b) => a - b);
  const days = fieldValues(dayOfMonth, 1, 31);
  const months = fieldValues(month, 1, 12);
  const weekdays = new Set([...fieldValues(dayOfWeek, 0, 7)].map((d) => d % 7));
  const anyDay = dayOfMonth === "*";
  const anyWeekday = dayOfWeek === "*";
  const dayMatches = (date: Date) => {
    const byMonthDay = days.has(date.getUTCDate());
    const byWeekday = weekdays.has(date.getUTCDay());
    if (anyDay && anyWeekday) return true;
    if (anyDay) return byWeekday;
    if (anyWeekday) return byMonthDay;
    return byMonthDay || byWeekday;
  };
  // From a leap year's first day (2028), two years on: every gap, across a year's end too.
  const start = Date.UTC(2028, 0, 1);
  const end = Date.UTC(2030, 0, 1);
  let first: number | undefined;
  let previous: number | undefined;
  let longest = 0;
  for (let day = start; day < end; day += 86_400_000) {
    const date = new Date(day);
    if (!months.has(date.getUTCMonth() + 1) || !dayMatches(date)) continue;
    for (const h of hours) {
      for (const m of minutes) {
        const at = day + (h * 60 + m) * 60_000;
        if (previous !== undefined) longest = Math.max(longest, (at - previous) / 60_000);
        first ??= at;
        previous = at;
      }
    }
  }
  if (first === undefined) throw new Error(`${JSON.stringify(expression)} never runs (no such day)`);
  return longest;
}
