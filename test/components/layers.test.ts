import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT_DIR } from "../helpers/declarations";

/**
 * The component folders stack one way, from the bottom up: each may import the shared model
 * (model/, whose contract/ holds what several layers agree on) and the folders before it, never
 * one after it. README.md ("Layout") explains what each layer is.
 */
const COMPONENT_LAYERS = ["readiness", "hetzner", "cluster", "platform", "workload", "apps", "tenant"] as const;

/** What the other top-level folders may import (besides node_modules and themselves). */
const FOLDER_MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  model: [],
  tenants: ["model"],
  policies: ["model"],
  components: ["model"],
};

interface SourceFile {
  /** Path from the repository root, with `/`. */
  readonly path: string;
  readonly text: string;
}

/** Every relative module a file imports or re-exports, statically or dynamically, resolved from the root. */
function importsOf(file: SourceFile): string[] {
  const specifiers = [...file.text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => relative(ROOT_DIR, resolve(ROOT_DIR, dirname(file.path), specifier)).split("\\").join("/"));
}

/** Where a path sits: its top-level folder, and its layer within components/. */
function placeOf(path: string): { readonly folder: string; readonly layer?: number } {
  const [folder = "", sub = ""] = path.split("/");
  const layer = folder === "components" ? COMPONENT_LAYERS.indexOf(sub as (typeof COMPONENT_LAYERS)[number]) : -1;
  return layer >= 0 ? { folder, layer } : { folder };
}

/** Each import that runs against the stacking, with the file, the import and why. */
function layerViolations(files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const from = placeOf(file.path);
    for (const target of importsOf(file)) {
      const to = placeOf(target);
      if (to.folder === from.folder) {
        if (from.layer !== undefined && to.layer !== undefined && to.layer > from.layer) {
          problems.push(`${file.path} imports ${target}: components/${COMPONENT_LAYERS[from.layer]} stands below components/${COMPONENT_LAYERS[to.layer]}`);
        } else if (from.folder === "components" && (from.layer === undefined || to.layer === undefined)) {
          problems.push(`${file.path} imports ${target}: every file of components/ belongs to one of its layers (${COMPONENT_LAYERS.join(", ")})`);
        }
        continue;
      }
      const allowed = FOLDER_MAY_IMPORT[from.folder];
      if (allowed !== undefined && !allowed.includes(to.folder)) {
        problems.push(`${file.path} imports ${target}: ${from.folder}/ may import only ${allowed.length === 0 ? "itself" : allowed.map((f) => `${f}/`).join(", ")}`);
      }
    }
  }
  return problems;
}

function sourceFiles(folder: string): SourceFile[] {
  return readdirSync(join(ROOT_DIR, folder), { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".ts"))
    .map((path) => {
      const full = join(folder, path).split("\\").join("/");
      return { path: full, text: readFileSync(join(ROOT_DIR, full), "utf8") };
    });
}

describe("the folders stack one way", () => {
  it("no file of components/, model/, policies/ or tenants/ imports a folder above its own", () => {
    const files = Object.keys(FOLDER_MAY_IMPORT).flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(50);
    expect(layerViolations(files)).toEqual([]);
  });

  it("names an import that runs back up, and a component outside every layer", () => {
    expect(
      layerViolations([
        { path: "components/hetzner/firewall.ts", text: 'import { x } from "../platform/traefik";\nimport type { Y } from "../hetzner/labels";' },
        { path: "components/workload/postgres.ts", text: 'const m = await import("../tenant/labels");' },
        { path: "components/apps/app.ts", text: 'export { z } from "../workload/scope";' },
        { path: "model/tenant.ts", text: 'import { LABELS } from "../components/tenant/labels";' },
        { path: "policies/eu-only.ts", text: 'import { a } from "../scripts/plan/snapshot";\nimport { b } from "../model/contract/tenant-labels";' },
        { path: "components/index.ts", text: 'import { c } from "./tenant/tenant";' },
      ]),
    ).toEqual([
      "components/hetzner/firewall.ts imports components/platform/traefik: components/hetzner stands below components/platform",
      "components/workload/postgres.ts imports components/tenant/labels: components/workload stands below components/tenant",
      "model/tenant.ts imports components/tenant/labels: model/ may import only itself",
      "policies/eu-only.ts imports scripts/plan/snapshot: policies/ may import only model/",
      "components/index.ts imports components/tenant/tenant: every file of components/ belongs to one of its layers (readiness, hetzner, cluster, platform, workload, apps, tenant)",
    ]);
  });
});
