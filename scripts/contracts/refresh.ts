// `npm run contracts:refresh -- <owner/name>=<dir> ...`: rewrites the upstream contracts under
// test/contracts/ (and k8up's CRD manifest) from local copies of the upstream repositories, read at
// the tags of the versions the code pins. A clone or a bare git directory will do; nothing is
// checked out. Only the repositories given are read; the others' contracts stay as they are.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { parse } from "yaml";
import { KEYS_FILE, SCHEMA_FILE, SOURCE_FILE, VALUES_FILE, type ContractSource, type CrdContract } from "./contracts";
import type { Crd, CrdManifest } from "../../components/platform/crd-manifest";
import { parseCrdFile } from "./crd-file";
import { CHART_SOURCES, chartContractDir, CONTRACTS_DIR, CRD_SOURCES, crdContractDir, type ChartSource, type CrdSource } from "./sources";
import { writeSourcesSection } from "./sources-section";
import { commitOf, listAtTag, readAtTag, type UpstreamCheckout } from "./upstream-checkout";
import { comparePaths, formatValuesKeys, valuesKeys, type ValuesKeys } from "./values-keys";

const USAGE = `usage: npm run contracts:refresh -- <owner/name>=<dir> [...]
  <dir>: a clone or a bare git directory of that GitHub repository, with its tags
repositories read: ${[...new Set([...CHART_SOURCES, ...CRD_SOURCES].map((s) => s.repository))].sort().join(", ")}`;

/** Pretty JSON with a final newline: the files diff well when a version moves. */
export const toJsonFile = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export function parseCheckouts(args: readonly string[]): UpstreamCheckout[] {
  const known = new Set([...CHART_SOURCES, ...CRD_SOURCES].map((s) => s.repository));
  return args.map((arg) => {
    const match = /^([^=]+)=(.+)$/.exec(arg);
    if (match === null) throw new Error(`${arg}: expected <owner/name>=<dir>\n${USAGE}`);
    const [, repository, dir] = match as unknown as [string, string, string];
    if (!known.has(repository)) throw new Error(`${repository}: no contract is read from it\n${USAGE}`);
    if (!existsSync(dir)) throw new Error(`${repository}: ${dir} does not exist`);
    return { repository, dir };
  });
}

export function refreshChart(rootDir: string, source: ChartSource, checkout: UpstreamCheckout): string {
  const { pinned, tag, path } = source;
  const files = listAtTag(checkout, tag, path);
  if (files.length === 0) throw new Error(`${source.repository} ${tag}: no chart at ${path}`);
  const chartYaml = parse(readAtTag(checkout, tag, `${path}/Chart.yaml`)) as { name?: string; version?: string };
  if (chartYaml.name !== pinned.chart) throw new Error(`${source.repository} ${tag}:${path}/Chart.yaml names chart ${chartYaml.name}, not ${pinned.chart}`);
  if (!source.chartYamlVersionIsPlaceholder && String(chartYaml.version) !== pinned.version) {
    throw new Error(`${source.repository} ${tag}:${path}/Chart.yaml is version ${chartYaml.version}, not the pinned ${pinned.version}`);
  }
  const valuesYaml = readAtTag(checkout, tag, `${path}/${VALUES_FILE}`);
  const templates = files
    .filter((file) => file.startsWith(`${path}/templates/`))
    .map((file) => ({ path: posix.relative(path, file), text: readAtTag(checkout, tag, file) }));
  const hasSchema = files.includes(`${path}/${SCHEMA_FILE}`);

  const dir = chartContractDir(pinned);
  removeOtherVersions(rootDir, "charts", pinned.chart, dir);
  const abs = join(rootDir, dir);
  rmSync(abs, { recursive: true, force: true });
  mkdirSync(abs, { recursive: true });
  const read = [`${path}/${VALUES_FILE}`, ...(hasSchema ? [`${path}/${SCHEMA_FILE}`] : []), `${path}/templates/`];
  const record: ContractSource = { repository: source.repository, tag, commit: commitOf(checkout, tag), paths: read, version: pinned.version };
  writeFileSync(join(abs, SOURCE_FILE), toJsonFile(record));
  writeFileSync(join(abs, VALUES_FILE), valuesYaml);
  if (hasSchema) writeFileSync(join(abs, SCHEMA_FILE), readAtTag(checkout, tag, `${path}/${SCHEMA_FILE}`));
  writeFileSync(join(abs, KEYS_FILE), formatValuesKeys(withReadWhole(source, valuesKeys(valuesYaml, templates))));
  return dir;
}

/** The source's hand-noted values read whole, each still a key of the chart's values.yaml. */
function withReadWhole(source: ChartSource, keys: ValuesKeys): ValuesKeys {
  const extra = source.alsoReadWhole ?? [];
  for (const entry of extra) {
    if (!keys.keys.some((k) => JSON.stringify(k) === JSON.stringify(entry.path))) {
      throw new Error(`${source.repository} ${source.tag}: ${entry.path.join(".")} (alsoReadWhole in scripts/contracts/sources.ts) is no longer in values.yaml: check the templates again`);
    }
  }
  const open = [...keys.open.filter((o) => !extra.some((e) => JSON.stringify(e.path) === JSON.stringify(o.path))), ...extra];
  return { keys: keys.keys, open: open.sort((a, b) => comparePaths(a.path, b.path)) };
}

export function refreshCrds(rootDir: string, source: CrdSource, checkout: UpstreamCheckout): string {
  const texts = source.files.map((file) => ({ file, text: readAtTag(checkout, source.tag, file) }));
  const crds: Crd[] = texts.flatMap(({ file, text }) => parseCrdFile(text, `${source.repository} ${source.tag}:${file}`));
  const dir = crdContractDir(source);
  removeOtherVersions(rootDir, "crds", source.id, dir);
  const abs = join(rootDir, dir);
  rmSync(abs, { recursive: true, force: true });
  mkdirSync(abs, { recursive: true });
  for (const kind of source.kinds) {
    const crd = crds.find((c) => c.spec.names.kind === kind);
    if (crd === undefined) throw new Error(`${source.repository} ${source.tag}: no CRD of kind ${kind} in ${source.files.join(", ")}`);
    const contract: CrdContract = {
      group: crd.spec.group,
      kind,
      plural: crd.spec.names.plural,
      scope: crd.spec.scope,
      versions: Object.fromEntries(
        crd.spec.versions.filter((v) => v.served).map((v) => {
          if (v.schema === undefined) throw new Error(`${source.repository} ${source.tag}: ${crd.metadata.name} ${v.name} has no openAPIV3Schema`);
          return [v.name, v.schema.openAPIV3Schema];
        }),
      ) as CrdContract["versions"],
    };
    writeFileSync(join(abs, `${crd.metadata.name}.json`), toJsonFile(contract));
  }
  const record: ContractSource = { repository: source.repository, tag: source.tag, commit: commitOf(checkout, source.tag), paths: source.files, version: source.version };
  writeFileSync(join(abs, SOURCE_FILE), toJsonFile(record));
  if (source.manifest !== undefined) writeManifest(rootDir, source, record, crds);
  return dir;
}

/**
 * Every CRD of the source's files as released, for jardin to apply, as JSON (read at each run of
 * the program: parsing it as YAML would take seconds), with where it comes from.
 */
function writeManifest(rootDir: string, source: CrdSource, record: ContractSource, crds: readonly Crd[]): void {
  const file = join(rootDir, source.manifest!);
  mkdirSync(dirname(file), { recursive: true });
  const manifest: CrdManifest = { source: record, crds };
  writeFileSync(file, toJsonFile(manifest));
}

/** A version bump leaves no contract of the old version behind. */
function removeOtherVersions(rootDir: string, kind: "charts" | "crds", name: string, keep: string): void {
  const base = join(rootDir, CONTRACTS_DIR, kind);
  if (!existsSync(base)) return;
  const ofName = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-v?\\d`);
  for (const entry of readdirSync(base)) {
    if (ofName.test(entry) && `${CONTRACTS_DIR}/${kind}/${entry}` !== keep) rmSync(join(base, entry), { recursive: true, force: true });
  }
}

export function refresh(rootDir: string, checkouts: readonly UpstreamCheckout[]): string[] {
  const written: string[] = [];
  for (const checkout of checkouts) {
    for (const source of CHART_SOURCES.filter((s) => s.repository === checkout.repository)) written.push(refreshChart(rootDir, source, checkout));
    for (const source of CRD_SOURCES.filter((s) => s.repository === checkout.repository)) written.push(refreshCrds(rootDir, source, checkout));
  }
  writeSourcesSection(rootDir);
  return written;
}

function main(): void {
  const args = process.argv.slice(2);
  if (args.length === 0 || args.includes("--help")) {
    console.log(USAGE);
    process.exitCode = args.length === 0 ? 1 : 0;
    return;
  }
  const rootDir = join(__dirname, "..", "..");
  for (const dir of refresh(rootDir, parseCheckouts(args))) console.log(`wrote ${dir}`);
  console.log(`wrote ${CONTRACTS_DIR}/SOURCES.md`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(`contracts:refresh: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
