import type { ChartContract } from "./contracts";
import { schemaErrors } from "./json-schema";
import type { KeyPath } from "./values-keys";

/**
 * What is wrong with a Helm release's values against its chart's contract:
 * - a key the chart does not read (neither in values.yaml, nor in values.schema.json, nor below a
 *   value the chart reads whole): Helm would ignore it silently;
 * - where the chart has a schema, the values Helm would check, the chart's defaults with the
 *   release's values merged over them, failing it: Helm would refuse the release.
 */
export function valuesProblems(contract: ChartContract, values: unknown, dropped: ReadonlySet<string> = new Set()): string[] {
  const name = `${contract.dir.split("/").at(-1)}`;
  const problems = unknownKeys(contract, values).map((path) => `values.${path.join(".")}: not a value of chart ${name} (${contract.source.repository} ${contract.source.tag}): Helm ignores it`);
  if (contract.schema !== undefined) {
    const errors = schemaErrors(contract.schema, coalesce(contract.defaults, values), "values", dropped);
    problems.push(...errors.map((e) => `${e} (values.schema.json of ${name}, ${contract.source.repository} ${contract.source.tag})`));
  }
  return problems;
}

/** Helm's merge of a release's values over the chart's: maps merge, `null` removes a default. */
export function coalesce(defaults: unknown, values: unknown): unknown {
  if (!isMap(defaults) || !isMap(values)) return values === undefined ? defaults : values;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(values)) {
    if (value === null) delete merged[key];
    else merged[key] = coalesce(defaults[key], value);
  }
  return merged;
}

function unknownKeys(contract: ChartContract, values: unknown): KeyPath[] {
  const open = new Set(contract.keys.open.map((entry) => JSON.stringify(entry.path)));
  // A value the templates read whole is a value of the chart, even where values.yaml leaves it out.
  const known = new Set([...contract.keys.keys.map((path) => JSON.stringify(path)), ...open]);
  const schema = contract.schema;
  const found: KeyPath[] = [];
  const walk = (value: unknown, path: string[]): void => {
    if (!isMap(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      if (!known.has(JSON.stringify(childPath)) && !(schema !== undefined && schemaDeclares(schema, childPath))) {
        found.push(childPath);
        continue;
      }
      const readWhole = open.has(JSON.stringify(childPath)) || (schema !== undefined && schemaIsOpen(schema, childPath));
      if (!readWhole) walk(child, childPath);
    }
  };
  walk(values, []);
  return found;
}

type Schema = Record<string, unknown>;

/** The schema node for a path, following local `$ref`s and declared properties only. */
function schemaAt(root: Schema, path: KeyPath): Schema | undefined {
  let node: Schema | undefined = resolve(root, root);
  for (const segment of path) {
    const properties = node?.["properties"];
    const next = isMap(properties) ? properties[segment] : undefined;
    if (!isMap(next)) return undefined;
    node = resolve(root, next);
  }
  return node;
}

function schemaDeclares(root: Schema, path: KeyPath): boolean {
  return schemaAt(root, path) !== undefined;
}

/** A map of any keys: additional properties allowed by a schema, or no properties named. */
function schemaIsOpen(root: Schema, path: KeyPath): boolean {
  const node = schemaAt(root, path);
  if (node === undefined) return false;
  const additional = node["additionalProperties"];
  if (additional === true || isMap(additional)) return true;
  const properties = node["properties"];
  return additional === undefined && (!isMap(properties) || Object.keys(properties).length === 0);
}

function resolve(root: Schema, node: Schema): Schema {
  let current = node;
  for (let depth = 0; typeof current["$ref"] === "string" && depth < 32; depth++) {
    const ref = current["$ref"] as string;
    if (!ref.startsWith("#/")) break;
    const target = ref
      .slice(2)
      .split("/")
      .reduce<unknown>((at, segment) => (isMap(at) ? at[segment.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), root);
    if (!isMap(target)) break;
    current = target;
  }
  return current;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
