import { cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { workflowsCheck } from "../../../scripts/validate/workflows";
import { ROOT_DIR } from "../../helpers/declarations";
import { tempDir } from "../../helpers/temp";

/** A repository root with the real workflows and node_modules, plus `extra` files. */
function rootWith(extra: Record<string, string>): string {
  const root = tempDir("validate");
  cpSync(join(ROOT_DIR, ".github"), join(root, ".github"), { recursive: true });
  symlinkSync(join(ROOT_DIR, "node_modules"), join(root, "node_modules"), "dir");
  for (const [file, text] of Object.entries(extra)) {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

describe("the workflow check", () => {
  it("passes the repository's workflows", async () => {
    expect(await workflowsCheck.run(ROOT_DIR)).toEqual([]);
  });

  it("names the file, the place and the fault of a broken workflow", async () => {
    const broken = "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v5.0.0\n        runs: npm test\n";
    const problems = await workflowsCheck.run(rootWith({ ".github/workflows/broken.yml": broken }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\.github\/workflows\/broken\.yml: .*\/jobs\/x\/steps\/0: Additional property 'runs' is not allowed/);
  });

  it("checks Forgejo's workflows too", async () => {
    const broken = "on: push\njobs:\n  x:\n    runs-on: docker\n    steps:\n      - run: npm test\n        uses: https://github.com/actions/checkout@v4.3.1\n        runs: npm test\n";
    const problems = await workflowsCheck.run(rootWith({ ".forgejo/workflows/broken.yml": broken }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\.forgejo\/workflows\/broken\.yml: /);
  });
});
