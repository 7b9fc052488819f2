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
