import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "./snapshot";

// Signatures Pulumi uses in serialized property values.
// https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/runtime/rpc.ts
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_REFERENCE_SIGNATURE = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_VALUE_SIGNATURE = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Turns inputs as serialized for the engine into plain JSON for the snapshot: secrets hidden,
 * unknowns marked, resource references reduced to their URN. A secret whose value is not known yet
 * is marked unknown: there is nothing in it to hide, and "[unknown]" says it will change at apply.
 * (Since @pulumi/pulumi 3.249 the SDK keeps the secret mark on an unknown, runtime/rpc.ts
 * serializeProperty; before, it sent a bare unknown: the snapshot is the same with both.)
 */
export function plainInputs(value: unknown): unknown {
  if (value === UNKNOWN_VALUE) return UNKNOWN_PLACEHOLDER;
  if (Array.isArray(value)) return value.map(plainInputs);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  switch (record[SIGNATURE_KEY]) {
    case SECRET_SIGNATURE:
      return record["value"] === UNKNOWN_VALUE ? UNKNOWN_PLACEHOLDER : SECRET_PLACEHOLDER;
    case RESOURCE_REFERENCE_SIGNATURE:
      return { resource: record["urn"] };
    case OUTPUT_VALUE_SIGNATURE:
      if (!("value" in record) || record["value"] === UNKNOWN_VALUE) return UNKNOWN_PLACEHOLDER;
      return record["secret"] === true ? SECRET_PLACEHOLDER : plainInputs(record["value"]);
    default:
      // Keys sorted, as protobuf's Struct hands them to the engine: the snapshot's order is stable.
      return Object.fromEntries(
        Object.keys(record)
          .sort()
          .map((key) => [key, plainInputs(record[key])]),
      );
  }
}
