import { z } from "zod";
import type { Problem } from "./problems";
import { closestName, listAlternatives } from "./suggest";

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Validates a declaration against its schema and phrases every issue for a contributor: the file,
 * the field, and the fix. Messages set on a schema (locations, resolutions, ...) take precedence
 * over the generic phrasing here.
 */
export function parseDeclaration<S extends z.ZodType>(
  schema: S,
  input: unknown,
  file: string,
): ParseResult<z.output<S>> {
  const result = schema.safeParse(input, { error: phraseIssue });
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      file,
      field: formatPath(fieldPathOf(issue)),
      message: issue.message,
    })),
  };
}

/**
 * Wraps a schema's own error message so that it speaks only of values that were given: a missing
 * field falls through to the generic "is required" phrasing below.
 */
export function forGivenValues<I extends { readonly input?: unknown }>(phrase: (issue: I) => string): (issue: I) => string | undefined {
  return (issue) => (issue.input === undefined ? undefined : phrase(issue));
}

/** `apps.nextcloud.storageGiB`, `sso.admins[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join("");
}

// An unknown key is reported on the key itself, where the contributor will look for it.
function fieldPathOf(issue: z.core.$ZodIssue): readonly PropertyKey[] {
  if (issue.code === "unrecognized_keys" && issue.keys.length === 1) return [...issue.path, issue.keys[0]!];
  return issue.path;
}

function phraseIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "unrecognized_keys":
      return phraseUnknownKeys(issue.keys, knownKeysOf(issue.inst));
    case "invalid_type":
      return issue.input === undefined
        ? `is required (${issue.expected}); add it`
        : `must be ${article(issue.expected)} ${issue.expected}, not ${describe(issue.input)}`;
    case "invalid_value":
      return `${JSON.stringify(issue.input)} is not allowed; use ${listAlternatives(issue.values)}${didYouMean(issue.input, issue.values)}`;
    case "invalid_union":
      if ("discriminator" in issue && typeof issue.discriminator === "string") {
        const options = (issue as { options?: unknown[] }).options ?? [];
        const given = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
        return given === undefined
          ? `needs a ${issue.discriminator}: ${listAlternatives(options)}`
          : `${JSON.stringify(given)} is not a known ${issue.discriminator}; use ${listAlternatives(options)}${didYouMean(given, options)}`;
      }
      return undefined;
    case "invalid_key":
      // The key's own schema (a slug) already says what is wrong with it.
      return issue.issues[0]?.message;
    case "too_small":
      return issue.origin === "array"
        ? `needs at least ${issue.minimum} entr${issue.minimum === 1 ? "y" : "ies"}`
        : issue.origin === "string"
          ? `must be at least ${issue.minimum} characters long`
          : `must be at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "array"
        ? `has more than ${issue.maximum} entries; keep at most ${issue.maximum}`
        : issue.origin === "string"
          ? `must be at most ${issue.maximum} characters long`
          : `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

function phraseUnknownKeys(keys: readonly string[], known: readonly string[]): string {
  const phrases = keys.map((key) => {
    const guess = closestName(key, known);
    return guess === undefined ? `"${key}"` : `"${key}" (did you mean "${guess}"?)`;
  });
  const noun = keys.length === 1 ? "unknown field" : "unknown fields";
  return `${noun} ${phrases.join(", ")}; the fields allowed here are ${known.join(", ")}`;
}

function knownKeysOf(schema: unknown): readonly string[] {
  const shape = (schema as { _zod?: { def?: { shape?: Record<string, unknown> } } })._zod?.def?.shape;
  return shape === undefined ? [] : Object.keys(shape);
}

function didYouMean(input: unknown, values: readonly unknown[]): string {
  if (typeof input !== "string") return "";
  const guess = closestName(input, values.filter((v): v is string => typeof v === "string"));
  return guess === undefined ? "" : ` (did you mean "${guess}"?)`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return `${article(typeof value)} ${typeof value} (${JSON.stringify(value)})`;
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? "an" : "a";
}
