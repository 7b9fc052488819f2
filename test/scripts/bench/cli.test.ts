import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { benchHelpText, parseBenchCommand } from "../../../scripts/bench/cli";
import { ROOT_DIR } from "../../helpers/declarations";

describe("npm run bench's command line", () => {
  it("defaults to 10, 100 and 1,000 tenants, three runs each", () => {
    expect(parseBenchCommand([])).toEqual({ help: false, sizes: [10, 100, 1000], runs: 3 });
    expect(parseBenchCommand(["--sizes", "10, 20", "--runs", "1"])).toEqual({ help: false, sizes: [10, 20], runs: 1 });
  });

  it("reads --help", () => {
    expect(parseBenchCommand(["--help"]).help).toBe(true);
    expect(benchHelpText().split("\n")).toContain("  --sizes N,N,...    tenant counts to plan (default 10,100,1000)");
  });

  it("says what to write for an unknown option or a bad number", () => {
    expect(() => parseBenchCommand(["--size", "10"])).toThrow("Unknown option '--size'; the options are --sizes, --runs, --help (npm run bench -- --help)");
    expect(() => parseBenchCommand(["--sizes", "10,ten"])).toThrow('--sizes "10,ten": "ten" is not a tenant count; write whole numbers from 1, like --sizes 10,100');
    expect(() => parseBenchCommand(["--runs", "0"])).toThrow('--runs "0" is not a number of runs; write a whole number from 1, like --runs 3');
  });

  it("prints its help, not a stack trace, from the npm script", () => {
    const run = spawnSync("npm", ["run", "--silent", "bench", "--", "--help"], { cwd: ROOT_DIR, encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(benchHelpText());
    const wrong = spawnSync("npm", ["run", "--silent", "bench", "--", "--size", "10"], { cwd: ROOT_DIR, encoding: "utf8" });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.trim()).toBe("Unknown option '--size'; the options are --sizes, --runs, --help (npm run bench -- --help)");
  });
});
