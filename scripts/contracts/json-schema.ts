import Ajv, { type ErrorObject, type Options, type ValidateFunction } from "ajv";
import Ajv2019 from "ajv/dist/2019";
import Ajv2020 from "ajv/dist/2020";

/**
 * Formats are not checked: Helm's validator does not assert them by default, and Kubernetes gives
 * some of ajv's names other meanings (a CRD's `duration` is Go's, ajv's is ISO 8601). Unknown
 * keywords (`x-kubernetes-*`, a chart's own annotations) are annotations, not constraints.
 */
const OPTIONS: Options = { allErrors: true, strict: false, validateFormats: false };

const compiled = new WeakMap<object, ValidateFunction>();

/** A validator for the schema, in the draft its `$schema` names (draft-07 when it names none). */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const known = compiled.get(schema);
  if (known !== undefined) return known;
  const draft = String(schema["$schema"] ?? "");
  const ajv = draft.includes("2020-12") ? new Ajv2020(OPTIONS) : draft.includes("2019-09") ? new Ajv2019(OPTIONS) : new Ajv(OPTIONS);
  const validate = ajv.compile(schema);
  compiled.set(schema, validate);
  return validate;
}

/**
 * `<path>: <message>` for each error of the value against the schema, the path in dots from the
 * given root. A required property the plan could not know (its JSON pointer in `dropped`, see
 * scripts/plan/placeholders.ts) is not missing.
 */
export function schemaErrors(schema: Record<string, unknown>, value: unknown, root: string, dropped: ReadonlySet<string> = new Set()): string[] {
  const validate = compileSchema(schema);
  if (validate(value)) return [];
  const unknown = (error: ErrorObject): boolean =>
    error.keyword === "required" && dropped.has(`${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`);
  return (validate.errors ?? []).filter((error) => !unknown(error)).map((error) => {
    const path = `${root}${error.instancePath.replace(/\//g, ".")}`;
    const extra = error.keyword === "additionalProperties" ? ` (${(error.params as { additionalProperty: string }).additionalProperty})` : "";
    return `${path === "" ? "(the object)" : path}: ${error.message ?? error.keyword}${extra}`;
  });
}
