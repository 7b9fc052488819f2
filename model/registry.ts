import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fleetSchema, type Fleet } from "./fleet";
import { compileFailure } from "./load-error";
import { parseDeclaration } from "./parse";
import { DeclarationError, type Problem } from "./problems";
import { crossTenantProblems, type LoadedTenant } from "./tenant-rules";
import { tenantSchema } from "./tenant";

/** Where declarations live and how to name them in messages. */
export interface DeclarationSources {
  /** Repository root; file names in messages are relative to it. */
  readonly rootDir: string;
  /** The fleet, as exported by `stacks/<stack>.ts`, and that file's path. */
  readonly fleet: { readonly input: unknown; readonly file: string };
  /** The folder holding one file per organisation. */
  readonly tenantsDir: string;
  /**
   * Ids of the tenants the deployed stack already has, when the caller knows them (the plan reads
   * them from its base): a clash with a new file is then blamed on the new file alone.
   */
  readonly established?: ReadonlySet<string>;
}

export interface Declarations {
  readonly fleet: Fleet;
  readonly tenants: readonly LoadedTenant[];
}

/**
 * Tenant files in a folder: every `.ts` file, except type declarations, tests and files whose
 * name starts with `_` or `.` (room for shared helpers). Sorted, so the order never depends on
 * the file system.
 */
export function discoverTenantFiles(tenantsDir: string): string[] {
  return readdirSync(tenantsDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && isTenantFileName(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(tenantsDir, name));
}

/** A file name in the tenants folder that is a tenant file (see discoverTenantFiles). */
export function isTenantFileName(name: string): boolean {
  return name.endsWith(".ts") && !/^[_.]/.test(name) && !name.endsWith(".d.ts") && !name.endsWith(".test.ts");
}

/**
 * Loads and validates the fleet and every tenant file. Throws a DeclarationError listing every
 * problem in every file, so one pull request run shows all there is to fix.
 */
export async function loadDeclarations(sources: DeclarationSources): Promise<Declarations> {
  const problems: Problem[] = [];
  const fleet = parseDeclaration(fleetSchema, sources.fleet.input, sources.fleet.file);
  if (!fleet.ok) problems.push(...fleet.problems);

  const tenants: LoadedTenant[] = [];
  const files = discoverTenantFiles(sources.tenantsDir).map((path) => ({ path, file: relative(sources.rootDir, path) }));
  // Imported together: each import waits on the TypeScript loader, one at a time they add up
  // (a second per hundred files). Results keep the files' sorted order.
  const modules = await Promise.all(files.map(({ path, file }) => loadDefaultExport(path, file)));
  for (const [i, { file }] of files.entries()) {
    const loaded = modules[i]!;
    if (!loaded.ok) {
      problems.push(loaded.problem);
      continue;
    }
    const tenant = parseDeclaration(tenantSchema, loaded.value, file);
    if (tenant.ok) tenants.push({ file, tenant: tenant.value });
    else problems.push(...tenant.problems);
  }

  // Cross-file rules need a valid fleet; without one, the fleet's own problems come first.
  if (fleet.ok) problems.push(...crossTenantProblems(fleet.value, sources.fleet.file, tenants, sources.established));
  if (!fleet.ok || problems.length > 0) throw new DeclarationError(problems);
  return { fleet: fleet.value, tenants };
}

type Loaded = { ok: true; value: unknown } | { ok: false; problem: Problem };

async function loadDefaultExport(path: string, file: string): Promise<Loaded> {
  let module: unknown;
  try {
    module = await import(path);
  } catch (error) {
    const failure = compileFailure(error);
    if (failure !== undefined) {
      const where = `line ${failure.line}, column ${failure.column}`;
      return { ok: false, problem: { file, field: "", message: `does not compile at ${where}: ${failure.text}; fix the TypeScript there` } };
    }
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, problem: { file, field: "", message: `cannot be loaded (${reason}); fix the TypeScript error` } };
  }
  const value = unwrapDefault(module);
  if (value === undefined) {
    return { ok: false, problem: { file, field: "", message: "has no default export; write `export default defineTenant({ ... })`" } };
  }
  return { ok: true, value };
}

// A CommonJS-compiled file imported from ES modules arrives as { default: { default: value } }.
function unwrapDefault(module: unknown): unknown {
  let value = (module as { default?: unknown } | undefined)?.default;
  if (typeof value === "object" && value !== null && "__esModule" in value) value = (value as { default?: unknown }).default;
  return value;
}
