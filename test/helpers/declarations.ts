import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fleetSchema, type Fleet } from "../../model/fleet";
import { isTenantFileName } from "../../model/registry";
import type { TenantInput } from "../../model/tenant";
import prod from "../../stacks/prod";
import { tempDir } from "./temp";

export const ROOT_DIR = join(__dirname, "..", "..");

/** A compliant tenant; each violation test changes one thing. */
export function baselineTenant(overrides: Partial<TenantInput> = {}): TenantInput {
  return {
    id: "les-semeurs",
    name: "Les Semeurs",
    contact: "contact@semeurs.example",
    cluster: "ada-lovelace",
    domain: "semeurs.example",
    sso: { admins: ["admin@semeurs.example"] },
    apps: { nextcloud: { storageGiB: 50 }, jitsi: {} },
    ...overrides,
  };
}

/** The prod fleet, validated: the rules are tested against the real clusters. */
export function prodFleet(): Fleet {
  return fleetSchema.parse(prod);
}

/**
 * A fresh folder of tenant files: an object becomes `export default <object>`, a string is written
 * as it is (for files that do not even load).
 */
export function writeTenantDir(files: Readonly<Record<string, unknown>>): string {
  const dir = tempDir("tenants");
  for (const [name, content] of Object.entries(files)) {
    const text = typeof content === "string" ? content : `export default ${JSON.stringify(content, null, 2)};\n`;
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The text of an example tenant file, importing the model from its real place. */
export function exampleTenantText(id: string): string {
  return readFileSync(join(ROOT_DIR, "tenants", `${id}.ts`), "utf8").replace(
    /from "\.\.\/model\/tenant"/,
    `from ${JSON.stringify(join(ROOT_DIR, "model", "tenant"))}`,
  );
}

/** Every example tenant file, ready for writeTenantDir. */
export function exampleTenantFiles(): Record<string, string> {
  return Object.fromEntries(
    ["amap-du-plateau", "fede-educpop", "la-fourmiliere", "sante-solidaire"].map((id) => [`${id}.ts`, exampleTenantText(id)]),
  );
}

/** Every tenant file of the repository, ready for writeTenantDir: the prod plan's tenants, elsewhere. */
export function repositoryTenantFiles(): Record<string, string> {
  const names = readdirSync(join(ROOT_DIR, "tenants")).filter(isTenantFileName);
  return Object.fromEntries(names.map((name) => [name, exampleTenantText(name.slice(0, -".ts".length))]));
}
