import { describe, expect, it } from "vitest";
import { customResourceProblems } from "../../../scripts/contracts/check-custom-resource";

/** A small structural schema with each case the API server's pruning knows. */
const SCHEMA = {
  type: "object",
  properties: {
    apiVersion: { type: "string" },
    kind: { type: "string" },
    metadata: { type: "object" },
    spec: {
      type: "object",
      required: ["size"],
      properties: {
        size: { type: "integer" },
        labels: { type: "object", additionalProperties: { type: "string" } },
        template: { type: "object", properties: { metadata: { type: "object" } } },
        raw: { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { known: { type: "string" } } },
        items: { type: "array", items: { type: "object", properties: { name: { type: "string" } } } },
      },
    },
  },
};
const BASELINE = { apiVersion: "example.org/v1", kind: "Thing", metadata: { name: "a", namespace: "b", labels: { x: "y" } }, spec: { size: 1, labels: { any: "value" }, raw: { free: { form: true } }, items: [{ name: "one" }] } };

describe("a custom resource against its CRD's schema", () => {
  it("accepts declared fields, maps of any keys and fields below x-kubernetes-preserve-unknown-fields", () => {
    expect(customResourceProblems(SCHEMA, BASELINE, "thing")).toEqual([]);
  });

  it("refuses what the API server prunes: an undeclared field, anything in an object without properties, in a list's items too", () => {
    expect(customResourceProblems(SCHEMA, { ...BASELINE, spec: { ...BASELINE.spec, sise: 2 } }, "thing")).toEqual(["thing: spec.sise is not in the CRD's schema: the API server prunes it"]);
    expect(customResourceProblems(SCHEMA, { ...BASELINE, spec: { ...BASELINE.spec, template: { metadata: { labels: { a: "b" } } } } }, "thing")).toEqual([
      "thing: spec.template.metadata.labels is not in the CRD's schema: the API server prunes it",
    ]);
    expect(customResourceProblems(SCHEMA, { ...BASELINE, spec: { ...BASELINE.spec, items: [{ name: "one", nmae: "x" }] } }, "thing")).toEqual([
      "thing: spec.items[0].nmae is not in the CRD's schema: the API server prunes it",
    ]);
    expect(customResourceProblems(SCHEMA, { ...BASELINE, status: {} }, "thing")).toEqual(["thing: status is not in the CRD's schema: the API server prunes it"]);
  });

  it("reads the object's own metadata as ObjectMeta", () => {
    expect(customResourceProblems(SCHEMA, { ...BASELINE, metadata: { ...BASELINE.metadata, label: { x: "y" } } }, "thing")).toEqual([
      "thing: metadata.label is not a field of ObjectMeta: the API server drops it",
    ]);
  });

  it("refuses values of the wrong type and missing required fields, unless the plan could not know them", () => {
    expect(customResourceProblems(SCHEMA, { ...BASELINE, spec: { ...BASELINE.spec, size: "1" } }, "thing")).toEqual(["thing: spec.size: must be integer"]);
    const { size: _size, ...withoutSize } = BASELINE.spec;
    expect(customResourceProblems(SCHEMA, { ...BASELINE, spec: withoutSize }, "thing")).toEqual(["thing: spec: must have required property 'size'"]);
    expect(customResourceProblems(SCHEMA, { ...BASELINE, spec: withoutSize }, "thing", new Set(["/spec/size"]))).toEqual([]);
  });
});
