import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";

class Box extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:test:Box", name, {}, opts);
    this.registerOutputs({});
  }
}

describe("running a program under mocks", () => {
  it("records each resource with its parent and protection", async () => {
    const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
      const outer = new Box("outer");
      new Box("inner", { parent: outer, protect: true, retainOnDelete: true });
      return "done";
    });
    expect(run.result).toBe("done");
    expect(run.resources.map((r) => [r.urn, r.parent, r.protect, r.retainOnDelete])).toEqual([
      ["urn:pulumi:prod::jardin::jardin:test:Box$jardin:test:Box::inner", "urn:pulumi:prod::jardin::jardin:test:Box::outer", true, true],
      ["urn:pulumi:prod::jardin::jardin:test:Box::outer", null, false, false],
    ]);
  });

  it("names a grandchild as the engine does, by the whole chain of its parents' types", async () => {
    const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
      const outer = new Box("outer");
      new Box("grandchild", { parent: new Box("middle", { parent: outer }) });
    });
    // Pulumi's MockMonitor would say `jardin:test:Box$jardin:test:Box::grandchild`, which no
    // `pulumi preview --target` would find.
    expect(run.resources.map((r) => r.urn)).toContain(
      "urn:pulumi:prod::jardin::jardin:test:Box$jardin:test:Box$jardin:test:Box::grandchild",
    );
  });

  it("records the URNs a resource's aliases name, resolved as the engine does, and nothing for one without", async () => {
    const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
      const outer = new Box("outer");
      new Box("renamed", { parent: outer, aliases: [{ name: "before" }] });
      // Moved under a component: it was at the top of the stack.
      new Box("moved", { parent: outer, aliases: [{ parent: undefined }] });
      new Box("by-urn", { aliases: ["urn:pulumi:prod::jardin::jardin:test:Box::earlier"] });
    });
    expect(Object.fromEntries(run.resources.map((r) => [r.name, r.aliases]))).toEqual({
      outer: undefined,
      renamed: ["urn:pulumi:prod::jardin::jardin:test:Box$jardin:test:Box::before"],
      moved: ["urn:pulumi:prod::jardin::jardin:test:Box::moved"],
      "by-urn": ["urn:pulumi:prod::jardin::jardin:test:Box::earlier"],
    });
    expect(run.resources.find((r) => r.name === "outer")).not.toHaveProperty("aliases");
  });

  it("refuses a URN registered twice, which the mocks alone would let through", async () => {
    await expect(
      runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
        new Box("same");
        new Box("same");
      }),
    ).rejects.toThrow("urn:pulumi:prod::jardin::jardin:test:Box::same is registered twice; give one of the two resources another name");
  });
});
