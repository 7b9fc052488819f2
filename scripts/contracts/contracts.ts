import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { PinnedChart } from "../../components/platform/charts";
import { chartContractDir, CONTRACTS_DIR } from "./sources";
import type { ValuesKeys } from "./values-keys";

/** Where a contract was read: recorded beside it as `source.json`. */
export interface ContractSource {
  readonly repository: string;
  readonly tag: string;
  readonly commit: string;
  /** The files read at the tag. */
  readonly paths: readonly string[];
  /** The pinned version the contract was taken at. */
  readonly version: string;
}

/** A chart's values contract: `test/contracts/charts/<chart>-<version>/`. */
export interface ChartContract {
  readonly dir: string;
  readonly source: ContractSource;
  /** The chart's defaults: Helm merges the release's values over them, then checks the schema. */
  readonly defaults: unknown;
  readonly schema?: Record<string, unknown>;
  readonly keys: ValuesKeys;
}

/** One custom resource's schema: `test/contracts/crds/<source>-<version>/<plural>.<group>.json`. */
export interface CrdContract {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly scope: "Namespaced" | "Cluster";
  /** The served versions' `openAPIV3Schema`, by version name. */
  readonly versions: Readonly<Record<string, Record<string, unknown>>>;
}

export interface CrdContractSet {
  readonly dir: string;
  readonly source: ContractSource;
  readonly crds: readonly CrdContract[];
}

export const SOURCE_FILE = "source.json";
export const VALUES_FILE = "values.yaml";
export const SCHEMA_FILE = "values.schema.json";
export const KEYS_FILE = "values.keys.json";

/**
 * Files read once per process: the contracts do not change while it runs, and a schema read once
 * is compiled once (json-schema.ts keeps validators by schema).
 */
const read = new Map<string, unknown>();
function readJson(file: string): unknown {
  if (!read.has(file)) read.set(file, JSON.parse(readFileSync(file, "utf8")));
  return read.get(file);
}

function readYaml(file: string): unknown {
  if (!read.has(file)) read.set(file, parse(readFileSync(file, "utf8")) ?? {});
  return read.get(file);
}

/** The contract of a chart at its pinned version, or undefined when none was taken at that version. */
export function loadChartContract(rootDir: string, pinned: PinnedChart): ChartContract | undefined {
  const dir = chartContractDir(pinned);
  const abs = join(rootDir, dir);
  if (!existsSync(abs)) return undefined;
  const schemaFile = join(abs, SCHEMA_FILE);
  return {
    dir,
    source: readJson(join(abs, SOURCE_FILE)) as ContractSource,
    defaults: readYaml(join(abs, VALUES_FILE)),
    ...(existsSync(schemaFile) ? { schema: readJson(schemaFile) as Record<string, unknown> } : {}),
    keys: readJson(join(abs, KEYS_FILE)) as ValuesKeys,
  };
}

/** Every folder under test/contracts/<kind>/, e.g. the charts' or the CRDs'. */
export function contractDirs(rootDir: string, kind: "charts" | "crds"): string[] {
  const base = join(rootDir, CONTRACTS_DIR, kind);
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${CONTRACTS_DIR}/${kind}/${entry.name}`)
    .sort();
}

/** Every CRD contract kept, with its source. */
export function loadCrdContracts(rootDir: string): CrdContractSet[] {
  return contractDirs(rootDir, "crds").map((dir) => {
    const abs = join(rootDir, dir);
    const crds = readdirSync(abs)
      .filter((file) => file !== SOURCE_FILE && file.endsWith(".json"))
      .sort()
      .map((file) => readJson(join(abs, file)) as CrdContract);
    return { dir, source: readJson(join(abs, SOURCE_FILE)) as ContractSource, crds };
  });
}

/** The CRD contract for an object's `apiVersion` and `kind`, and the set it comes from. */
export function findCrd(sets: readonly CrdContractSet[], apiVersion: string, kind: string): { set: CrdContractSet; schema: Record<string, unknown> } | undefined {
  const [group, version] = apiVersion.split("/");
  for (const set of sets) {
    const crd = set.crds.find((c) => c.group === group && c.kind === kind);
    const schema = crd?.versions[version ?? ""];
    if (schema !== undefined) return { set, schema };
  }
  return undefined;
}
