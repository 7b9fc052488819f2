import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyOfWorkingTree } from "../helpers/copy-repo";

describe("the Pulumi entry, on a broken tenant file", () => {
  it("names the line, the column and what the compiler expected, as `pulumi up` loads it (ts-node, type checks on)", () => {
    const root = copyOfWorkingTree();
    // A comma forgotten after `name`: type checks fail too, but the syntax error is the cause.
    writeFileSync(
      join(root, "tenants", "casse.ts"),
      'import { defineTenant } from "../model/tenant";\nexport default defineTenant({\n  id: "casse",\n  name: "Casse"\n  contact: "x@casse.example",\n});\n',
    );
    const run = spawnSync(process.execPath, [join(__dirname, "../helpers/load-entry-like-pulumi.cjs"), root], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("  - tenants/casse.ts: does not compile at line 5, column 3: TS1005: ',' expected; fix the TypeScript there\n");
  });
});
