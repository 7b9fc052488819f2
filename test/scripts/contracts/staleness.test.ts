import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHART_SOURCES, CRD_SOURCES, type ChartSource, type CrdSource } from "../../../scripts/contracts/sources";
import { staleContracts } from "../../../scripts/contracts/staleness";
import { ROOT_DIR } from "../../helpers/declarations";
import { tempDir } from "../../helpers/temp";

const traefik = CHART_SOURCES.find((s) => s.pinned.chart === "traefik")!;
const k8upCrds = CRD_SOURCES.find((s) => s.id === "k8up")!;

/** The sources with one pinned version moved, as a bump in the code would. */
const bumpedChart = (version: string): ChartSource[] => CHART_SOURCES.map((s) => (s === traefik ? { ...s, pinned: { ...s.pinned, version }, tag: `v${version}` } : s));
const bumpedCrds = (version: string): CrdSource[] => CRD_SOURCES.map((s) => (s === k8upCrds ? { ...s, version, tag: `k8up-${version}` } : s));

describe("contracts at the pinned versions", () => {
  it("exist for every pinned chart and CRD source, taken at the pinned tag, and for nothing else", () => {
    expect(staleContracts(ROOT_DIR, CHART_SOURCES, CRD_SOURCES)).toEqual([]);
    expect(CHART_SOURCES.map((s) => `${s.pinned.chart} ${s.tag}`)).toEqual([
      "hcloud-cloud-controller-manager v1.35.0",
      "hcloud-csi v2.22.1",
      "traefik v41.3.0",
      "cert-manager v1.21.1",
      "cloudnative-pg cloudnative-pg-v0.29.0",
      "plugin-barman-cloud plugin-barman-cloud-v0.7.0",
      "k8up k8up-4.9.0",
      "victoria-metrics-operator victoria-metrics-operator-0.67.2",
      "kube-state-metrics kube-state-metrics-8.4.0",
    ]);
  });

  it("fail when a chart is bumped without refreshing its contract, naming the command", () => {
    expect(staleContracts(ROOT_DIR, bumpedChart("41.4.0"), CRD_SOURCES)).toEqual([
      "chart traefik is pinned at 41.4.0 (components/platform/charts.ts (CHARTS.traefik)) but has no contract at that version (test/contracts/charts/traefik-41.4.0/): run npm run contracts:refresh -- traefik/traefik-helm-chart=<checkout of traefik/traefik-helm-chart>",
      "test/contracts/charts/traefik-41.3.0/ is the contract of no pinned version (scripts/contracts/sources.ts): remove it, or run npm run contracts:refresh for its repository",
    ]);
  });

  it("fail when CRDs are pinned at another version than their contract and the manifest jardin applies", () => {
    expect(staleContracts(ROOT_DIR, CHART_SOURCES, bumpedCrds("4.10.0"))).toEqual([
      "the CRDs of k8up are pinned at 4.10.0 (components/platform/charts.ts (CHARTS.k8up)) but have no contract at that version (test/contracts/crds/k8up-4.10.0/): run npm run contracts:refresh -- k8up-io/k8up=<checkout of k8up-io/k8up>",
      "components/platform/upstream/k8up-crds.json holds the CRDs of k8up 4.9.0, not the pinned 4.10.0 (components/platform/charts.ts (CHARTS.k8up)): run npm run contracts:refresh -- k8up-io/k8up=<checkout of k8up-io/k8up>",
      "test/contracts/crds/k8up-4.9.0/ is the contract of no pinned version (scripts/contracts/sources.ts): remove it, or run npm run contracts:refresh for its repository",
    ]);
  });

  it("fail when a contract's folder names the pinned version but was taken at another tag", () => {
    const root = tempDir("contracts");
    cpSync(join(ROOT_DIR, "test/contracts"), join(root, "test/contracts"), { recursive: true });
    mkdirSync(join(root, "components/platform/upstream"), { recursive: true });
    cpSync(join(ROOT_DIR, "components/platform/upstream/k8up-crds.json"), join(root, "components/platform/upstream/k8up-crds.json"));
    const source = join(root, "test/contracts/charts/traefik-41.3.0/source.json");
    writeFileSync(source, JSON.stringify({ repository: "traefik/traefik-helm-chart", tag: "v41.2.0", commit: "x", paths: [], version: "41.3.0" }));
    expect(staleContracts(root, CHART_SOURCES, CRD_SOURCES)).toEqual([
      "chart traefik is pinned at 41.3.0, tag v41.3.0 of traefik/traefik-helm-chart (components/platform/charts.ts (CHARTS.traefik)), but test/contracts/charts/traefik-41.3.0/ was taken at 41.3.0, tag v41.2.0 of traefik/traefik-helm-chart: run npm run contracts:refresh -- traefik/traefik-helm-chart=<checkout of traefik/traefik-helm-chart>",
    ]);
  });
});
