import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Check } from "./check";

/** Where GitHub Actions reads workflows from. */
export const WORKFLOWS_DIR = ".github/workflows";
/**
 * Where Forgejo Actions reads them from; when this folder exists, Forgejo ignores .github/workflows.
 * https://forgejo.org/docs/latest/user/actions/overview/
 */
export const FORGEJO_WORKFLOWS_DIR = ".forgejo/workflows";

/**
 * Every workflow file, GitHub's and Forgejo's, against the schema of GitHub Actions workflows (the
 * syntax Forgejo's follow), with @action-validator/cli (it also checks that globs in `paths` match files).
 * https://github.com/mpalmer/action-validator
 */
export const workflowsCheck: Check = {
  name: "workflow files (action-validator)",
  run(rootDir) {
    const dir = join(rootDir, WORKFLOWS_DIR);
    if (!existsSync(dir)) return [`${WORKFLOWS_DIR}: missing; the pull-request and apply workflows live there`];
    const validator = join(rootDir, "node_modules", ".bin", "action-validator");
    return workflowFiles(rootDir).flatMap((file) => {
      const run = spawnSync(validator, [file], { cwd: rootDir, encoding: "utf8" });
      if (run.error !== undefined) return [`${file}: action-validator could not run (${run.error.message}); run npm ci`];
      return run.status === 0 ? [] : [`${file}: ${describeErrors(run.stdout || run.stderr)}`];
    });
  },
};

/** `.github/workflows/*.yml|yaml`, then `.forgejo/workflows/*.yml|yaml` if it exists, relative to the root, sorted. */
export function workflowFiles(rootDir: string): string[] {
  return [WORKFLOWS_DIR, FORGEJO_WORKFLOWS_DIR]
    .filter((dir) => existsSync(join(rootDir, dir)))
    .flatMap((dir) =>
      readdirSync(join(rootDir, dir))
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => `${dir}/${name}`),
    );
}

// action-validator prints a JSON report; its innermost details say what to change where.
function describeErrors(output: string): string {
  try {
    const details: string[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (typeof node === "object" && node !== null) {
        const { path, detail, title } = node as { path?: string; detail?: string; title?: string };
        if (path !== undefined && (detail !== undefined || title !== undefined) && !("states" in node) && !("errors" in node)) {
          details.push(`${path}: ${detail ?? title}`);
        }
        Object.values(node).forEach(visit);
      }
    };
    visit(JSON.parse(output));
    return details.length > 0 ? [...new Set(details)].join("; ") : output.trim();
  } catch {
    return output.trim();
  }
}
