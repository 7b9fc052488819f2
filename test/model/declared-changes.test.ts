import { describe, expect, it } from "vitest";
import { declaredChangesSchema } from "../../model/declared-changes";
import { parseDeclaration } from "../../model/parse";

describe("declared rotations and migrations", () => {
  it("default to none, and take a resource name with a reason", () => {
    expect(declaredChangesSchema.parse(undefined)).toEqual({ rotations: {}, migrations: {} });
    expect(declaredChangesSchema.parse({ rotations: { "ada-lovelace-token": "leaked in a screenshot; every node re-joins" } })).toEqual({
      rotations: { "ada-lovelace-token": "leaked in a screenshot; every node re-joins" },
      migrations: {},
    });
  });

  it("refuse a declaration without a reason, or naming something that is not a resource name, naming the field", () => {
    const parsed = parseDeclaration(declaredChangesSchema, { migrations: { "ada-lovelace-control-hel1-1": "yes" }, rotations: { "urn:pulumi:prod::x": "a urn, not a name" } }, "stacks/prod.ts");
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.message)).toEqual([
      '"urn:pulumi:prod::x" is not a resource name; copy it from the plan\'s refusal (the name after the resource type)',
      "say why, and what happens to what the old one held (at least 10 characters)",
    ]);
  });
});
