import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { establishedTenants, loadBase } from "../../../scripts/plan/base";
import { PlanError } from "../../../scripts/plan/plan-error";
import { toDeterministicJson } from "../../../scripts/plan/snapshot";
import { ROOT_DIR } from "../../helpers/declarations";
import { tempDir } from "../../helpers/temp";

describe("the plan's base", () => {
  it("fails clearly on a base that is neither a file nor a ref", () => {
    const load = () => loadBase("no-such-thing", ROOT_DIR, "prod");
    expect(load).toThrow(PlanError);
    expect(load).toThrow(/^--base "no-such-thing" is neither a snapshot file nor a git ref of this repository$/);
  });
});

describe("the tenants a base says are deployed", () => {
  it("are a commit's tenant files, helpers and tests left out", () => {
    // HEAD of this checkout holds the example tenants, as committed.
    const committed = execFileSync("git", ["-C", ROOT_DIR, "ls-tree", "--name-only", "HEAD:./tenants"], { encoding: "utf8" }).split("\n").filter((n) => n.endsWith(".ts"));
    expect(committed.length).toBeGreaterThan(0);
    expect([...establishedTenants("HEAD", ROOT_DIR)!].sort()).toEqual(committed.map((n) => basename(n, ".ts")).sort());
    expect(establishedTenants("HEAD", ROOT_DIR)).toContain("la-fourmiliere");
  });

  it("are a snapshot file's Tenant resources", () => {
    const file = join(tempDir("base"), "base.json");
    const tenant = (name: string) => ({ urn: `urn:pulumi:prod::jardin::jardin:tenant:Tenant::${name}`, type: "jardin:tenant:Tenant", name, parent: null, provider: null, protect: false, retainOnDelete: false, inputs: {} });
    writeFileSync(file, toDeterministicJson({ stack: "prod", resources: [tenant("la-ruche"), { ...tenant("x"), type: "kubernetes:core/v1:Namespace", urn: "urn:pulumi:prod::jardin::kubernetes:core/v1:Namespace::x" }] }));
    expect(establishedTenants(file, ROOT_DIR)).toEqual(new Set(["la-ruche"]));
  });

  it("are unknown when the base is neither a file nor a commit", () => {
    expect(establishedTenants("no-such-ref-or-file", ROOT_DIR)).toBeUndefined();
  });
});
