import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlanError } from "./plan-error";
import { isTenantFileName } from "../../model/registry";
import { TENANT_TYPE } from "./owners";
import { parseSnapshot, type Snapshot } from "./snapshot";

/** The snapshot to compare with, and the commit it is the plan of (none for a snapshot file). */
export interface Base {
  readonly snapshot: Snapshot;
  readonly commit?: string;
}

/** The plan of a commit: its snapshot, as `--out` writes it. */
export type CommitPlanner = (commit: CommitToPlan) => Snapshot;

export interface CommitToPlan {
  /** The ref as given, e.g. main: named in a failure. */
  readonly ref: string;
  readonly commit: string;
  readonly rootDir: string;
  readonly stack: string;
}

/**
 * The snapshot to compare with: a file written by `--out`, or a git ref whose own plan is made by
 * `planCommit` (by default planOfCommit: that commit's own program, in a process of its own).
 */
export function loadBase(base: string, rootDir: string, stack: string, planCommit: CommitPlanner = planOfCommit): Base {
  if (existsSync(base)) return { snapshot: parseSnapshot(readFileSync(base, "utf8"), base) };

  const commit = gitCommit(base, rootDir);
  if (commit === undefined) {
    throw new PlanError(`--base "${base}" is neither a snapshot file nor a git ref of this repository`);
  }
  return { snapshot: planCommit({ ref: base, commit, rootDir, stack }), commit };
}

/**
 * The plan of a commit, run from a clean export of it (with this checkout's node_modules): that
 * commit's program, not this checkout's, hence a process of its own.
 */
export function planOfCommit({ ref, commit, rootDir, stack }: CommitToPlan): Snapshot {
  const dir = mkdtempSync(join(tmpdir(), "jardin-plan-base-"));
  try {
    execFileSync("sh", ["-c", `git -C "$1" archive "$2" | tar -x -C "$3"`, "sh", rootDir, commit, dir], { stdio: "pipe" });
    symlinkSync(join(rootDir, "node_modules"), join(dir, "node_modules"), "dir");
    const out = join(dir, ".plan-base.json");
    execFileSync(process.execPath, [join(rootDir, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/plan.ts", "--stack", stack, "--out", out], {
      cwd: dir,
      stdio: ["ignore", "ignore", "pipe"],
    });
    return parseSnapshot(readFileSync(out, "utf8"), `${ref} (${commit.slice(0, 12)})`);
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new PlanError(`the plan of ${ref} could not be made${stderr ? `:\n${stderr}` : `: ${String(error)}`}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The commit a git ref names in this repository; undefined when it names none. */
export function gitCommit(ref: string, rootDir: string): string | undefined {
  try {
    return execFileSync("git", ["-C", rootDir, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Files that differ between a commit and the working tree, untracked ones included, relative to
 * the repository root.
 */
export function changedFiles(commit: string, rootDir: string): string[] {
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", rootDir, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
      .split("\n")
      .filter((line) => line !== "");
  const top = execFileSync("git", ["-C", rootDir, "rev-parse", "--show-prefix"], { encoding: "utf8" }).trim();
  const files = [...git("diff", "--name-only", commit), ...git("ls-files", "--others", "--exclude-standard", "--full-name")];
  // Paths from git are relative to the repository's top; the plan speaks from rootDir.
  return [...new Set(files.map((file) => (top !== "" && file.startsWith(top) ? file.slice(top.length) : file)))].sort();
}

/**
 * Ids of the tenants deployed as far as `base` tells (a snapshot file's Tenant resources, or the
 * tenant files of a commit), so that a new file clashing with one of them takes the blame alone.
 * Undefined when `base` is neither (the plan then says so itself).
 */
export function establishedTenants(base: string, rootDir: string, tenantsFolder = "tenants"): Set<string> | undefined {
  if (existsSync(base)) {
    const snapshot = parseSnapshot(readFileSync(base, "utf8"), base);
    return new Set(snapshot.resources.filter((r) => r.type === TENANT_TYPE).map((r) => r.name));
  }
  const commit = gitCommit(base, rootDir);
  if (commit === undefined) return undefined;
  let names: string;
  try {
    names = execFileSync("git", ["-C", rootDir, "ls-tree", "--name-only", `${commit}:./${tenantsFolder}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    // No tenants folder in that commit: no tenant was deployed from it.
    return new Set();
  }
  // The registry's own rule for what a tenant file is (model/registry.ts discoverTenantFiles).
  return new Set(names.split("\n").filter(isTenantFileName).map((name) => name.slice(0, -".ts".length)));
}
