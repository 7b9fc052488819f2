import { schemaErrors } from "./json-schema";

type Schema = Record<string, unknown>;

/**
 * The fields of ObjectMeta (k8s.io/apimachinery/pkg/apis/meta/v1/types.go): an object's own
 * metadata is read as ObjectMeta whatever its CRD's schema says of `metadata`.
 */
const OBJECT_META_FIELDS = new Set([
  "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
  "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
]);

/**
 * What is wrong with a custom resource against its CRD's `openAPIV3Schema`, as the API server
 * judges it: a field the schema does not declare is pruned, silently (that is how a setting is
 * lost without an error: a failure here), and the schema's types, enums, patterns and required
 * fields must hold. CEL rules (`x-kubernetes-validations`) are not evaluated.
 */
export function customResourceProblems(schema: Schema, object: Record<string, unknown>, label: string, dropped: ReadonlySet<string> = new Set()): string[] {
  const problems = prunedFields(schema, object, "", true).map((path) => `${label}: ${path} is not in the CRD's schema: the API server prunes it`);
  const metadata = object["metadata"];
  if (isMap(metadata)) {
    for (const key of Object.keys(metadata)) if (!OBJECT_META_FIELDS.has(key)) problems.push(`${label}: metadata.${key} is not a field of ObjectMeta: the API server drops it`);
  }
  problems.push(...schemaErrors(schema, object, "", dropped).map((e) => `${label}: ${e.replace(/^\./, "")}`));
  return problems;
}

/**
 * The paths the API server's pruning removes: in an object schema without
 * `x-kubernetes-preserve-unknown-fields`, every key that `properties` does not name (and, with
 * neither `properties` nor `additionalProperties`, every key). An object's own `apiVersion`,
 * `kind` and `metadata`, and an embedded resource's, are kept.
 * https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#field-pruning
 */
function prunedFields(schema: Schema, value: unknown, path: string, root: boolean): string[] {
  if (Array.isArray(value)) {
    const items = schema["items"];
    return isMap(items) ? value.flatMap((item, i) => prunedFields(items, item, `${path}[${i}]`, false)) : [];
  }
  if (!isMap(value)) return [];
  const properties = isMap(schema["properties"]) ? schema["properties"] : undefined;
  const additional = schema["additionalProperties"];
  const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
  const keepsTypeMeta = root || schema["x-kubernetes-embedded-resource"] === true;
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = path === "" ? key : `${path}.${key}`;
    if (keepsTypeMeta && (key === "apiVersion" || key === "kind" || key === "metadata")) continue;
    const declared = properties?.[key];
    if (isMap(declared)) found.push(...prunedFields(declared, child, childPath, false));
    else if (isMap(additional)) found.push(...prunedFields(additional, child, childPath, false));
    else if (!preserve && additional !== true) found.push(childPath);
  }
  return found;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
