import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CrdManifest } from "../../components/platform/crd-manifest";
import { SOURCE_FILE, contractDirs, type ContractSource } from "./contracts";
import { chartContractDir, crdContractDir, refreshCommand, type ChartSource, type CrdSource } from "./sources";

/**
 * Contracts that do not match the versions the code pins: one missing at the pinned version (a
 * bump without a refresh), one taken at another tag, or one left behind by an older version.
 * Each message names the refresh command.
 */
export function staleContracts(rootDir: string, charts: readonly ChartSource[], crds: readonly CrdSource[]): string[] {
  const problems: string[] = [];
  const expected = new Set<string>();
  const check = (dir: string, what: string, pinnedIn: string, version: string, tag: string, repository: string): void => {
    expected.add(dir);
    const file = join(rootDir, dir, SOURCE_FILE);
    const refresh = refreshCommand([repository]);
    if (!existsSync(file)) {
      problems.push(`${what} pinned at ${version} (${pinnedIn}) but ${what.endsWith(" are") ? "have" : "has"} no contract at that version (${dir}/): run ${refresh}`);
      return;
    }
    const source = JSON.parse(readFileSync(file, "utf8")) as ContractSource;
    if (source.version !== version || source.tag !== tag || source.repository !== repository) {
      problems.push(`${what} pinned at ${version}, tag ${tag} of ${repository} (${pinnedIn}), but ${dir}/ was taken at ${source.version}, tag ${source.tag} of ${source.repository}: run ${refresh}`);
    }
  };
  for (const chart of charts) check(chartContractDir(chart.pinned), `chart ${chart.pinned.chart} is`, chart.pinnedIn, chart.pinned.version, chart.tag, chart.repository);
  for (const crd of crds) {
    check(crdContractDir(crd), `the CRDs of ${crd.id} are`, crd.pinnedIn, crd.version, crd.tag, crd.repository);
    if (crd.manifest !== undefined) {
      const file = join(rootDir, crd.manifest);
      const version = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as CrdManifest).source.version : undefined;
      if (version !== crd.version) {
        problems.push(`${crd.manifest} holds the CRDs of ${crd.id} ${version ?? "(missing)"}, not the pinned ${crd.version} (${crd.pinnedIn}): run ${refreshCommand([crd.repository])}`);
      }
    }
  }
  for (const dir of [...contractDirs(rootDir, "charts"), ...contractDirs(rootDir, "crds")]) {
    if (!expected.has(dir)) problems.push(`${dir}/ is the contract of no pinned version (scripts/contracts/sources.ts): remove it, or run npm run contracts:refresh for its repository`);
  }
  return problems;
}
