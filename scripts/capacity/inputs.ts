/** Reading a resource's plain-object inputs as the plan recorded them. */
export type Inputs = Record<string, unknown>;

/** The value at a path of plain objects. */
export function get(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Inputs)[key];
  }
  return current;
}

/** The object at a path; undefined when there is none or it is not an object. */
export function at(value: unknown, ...path: string[]): Inputs | undefined {
  const found = get(value, ...path);
  return found !== null && typeof found === "object" && !Array.isArray(found) ? (found as Inputs) : undefined;
}
