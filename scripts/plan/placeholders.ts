import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "./snapshot";

/**
 * A snapshot's inputs without the values the plan cannot know offline (secrets, addresses of
 * machines not yet created), the JSON pointers of those dropped remembered in `dropped`: a schema
 * then checks everything else, and a `required` error at a dropped path is no error.
 */
export function withoutPlaceholders(value: unknown, path: string, dropped: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v, i) => withoutPlaceholders(v, `${path}/${i}`, dropped));
  if (value === null || typeof value !== "object") return value;
  const kept: [string, unknown][] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === SECRET_PLACEHOLDER || v === UNKNOWN_PLACEHOLDER) dropped.add(`${path}/${k}`);
    else kept.push([k, withoutPlaceholders(v, `${path}/${k}`, dropped)]);
  }
  return Object.fromEntries(kept);
}
