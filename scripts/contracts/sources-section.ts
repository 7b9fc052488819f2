import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { contractDirs, SOURCE_FILE, type ContractSource } from "./contracts";
import { CONTRACTS_DIR, CRD_SOURCES } from "./sources";

/** test/contracts/SOURCES.md: several sections, one per kind of contract; this one is written here. */
export const SOURCES_FILE = `${CONTRACTS_DIR}/SOURCES.md`;
const BEGIN = "<!-- charts and CRDs: written by `npm run contracts:refresh`, do not edit by hand -->";
const END = "<!-- end of charts and CRDs -->";

/** The section listing every chart and CRD contract kept, from their source.json files. */
export function sourcesSection(rootDir: string): string {
  const row = (dir: string): string => {
    const source = JSON.parse(readFileSync(join(rootDir, dir, SOURCE_FILE), "utf8")) as ContractSource;
    const link = `https://github.com/${source.repository}/tree/${source.tag}`;
    return `| \`${dir.slice(CONTRACTS_DIR.length + 1)}/\` | [${source.repository}](${link}) | \`${source.tag}\` | ${source.paths.map((p) => `\`${p}\``).join(", ")} |`;
  };
  const manifests = CRD_SOURCES.filter((s) => s.manifest !== undefined).map((s) => `\`${s.manifest}\` (every CRD of ${s.repository} \`${s.tag}\`: ${s.files.length} files, applied by jardin)`);
  return [
    BEGIN,
    "## Helm charts and custom resource definitions",
    "",
    "Each chart's `values.yaml` and `values.schema.json` (when it has one), the keys it reads",
    "(`values.keys.json`, derived from `values.yaml` and its templates), and the `openAPIV3Schema` of",
    "each custom resource jardin creates, at the tag of the version the code pins. Regenerate with",
    "`npm run contracts:refresh -- <owner/name>=<checkout> ...` (scripts/contracts/refresh.ts); the tests",
    "(test/scripts/contracts/) hold the plan's releases and custom resources against them.",
    "",
    "| contract | repository | tag | read |",
    "| --- | --- | --- | --- |",
    ...contractDirs(rootDir, "charts").map(row),
    ...contractDirs(rootDir, "crds").map(row),
    "",
    `Also written from the same sources: ${manifests.join("; ")}.`,
    END,
  ].join("\n");
}

/** Replaces this section in SOURCES.md, or appends it; other sections stay as they are. */
export function writeSourcesSection(rootDir: string): void {
  const file = join(rootDir, SOURCES_FILE);
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Sources of the upstream contracts\n";
  const section = sourcesSection(rootDir);
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next = start >= 0 && end > start ? `${current.slice(0, start)}${section}${current.slice(end + END.length)}` : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
