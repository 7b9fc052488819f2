import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CrdManifest } from "../../../components/platform/crd-manifest";
import { parseCrdFile } from "../../../scripts/contracts/crd-file";
import { parseCheckouts, refresh } from "../../../scripts/contracts/refresh";
import { valuesKeys } from "../../../scripts/contracts/values-keys";
import { tempDir } from "../../helpers/temp";

const crd = (plural: string, kind: string, schema: unknown) => `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.k8up.io
spec:
  group: k8up.io
  names: { kind: ${kind}, plural: ${plural} }
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: ${JSON.stringify(schema)}
`;

const PLURALS = { archives: "Archive", backups: "Backup", checks: "Check", podconfigs: "PodConfig", prebackuppods: "PreBackupPod", prunes: "Prune", restores: "Restore", schedules: "Schedule", snapshots: "Snapshot" };

/** A small k8up repository, as git holds it, with the chart and its CRDs at the pinned chart's tag. */
function fakeK8upRepository(chartVersion = "4.9.0"): string {
  const dir = tempDir("upstream-k8up");
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write("charts/k8up/Chart.yaml", `apiVersion: v2\nname: k8up\nversion: ${chartVersion}\n`);
  write("charts/k8up/values.yaml", "replicaCount: 1\nk8up:\n  timezone: \"\"\n  envVars: []\npodSecurityContext: {}\nmetrics:\n  service:\n    port: 8080\n");
  write(
    "charts/k8up/templates/deployment.yaml",
    "spec:\n  {{- with .Values.metrics.service }}\n  {{- toYaml . | nindent 2 }}\n  {{- end }}\n  {{- range $key, $value := .Values.extraEnv }}\n  - {{ $key }}\n  {{- end }}\n",
  );
  for (const [plural, kind] of Object.entries(PLURALS)) write(`charts/k8up/crds/k8up.io_${plural}.yaml`, crd(plural, kind, { type: "object", properties: { spec: { type: "object" } } }));
  const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { stdio: "pipe" });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "chart");
  git("tag", `k8up-${chartVersion}`);
  return dir;
}

describe("npm run contracts:refresh", () => {
  it("writes a chart's values and keys, the CRD schemas jardin uses, k8up's manifest and the SOURCES.md section, from a checkout at the pinned tag", () => {
    const root = tempDir("contracts-root");
    mkdirSync(join(root, "test/contracts"), { recursive: true });
    writeFileSync(join(root, "test/contracts/SOURCES.md"), "# Sources\n\n## Apps (another section)\n\nkept as it is\n");
    expect(refresh(root, parseCheckouts([`k8up-io/k8up=${fakeK8upRepository()}`]))).toEqual(["test/contracts/charts/k8up-4.9.0", "test/contracts/crds/k8up-4.9.0"]);

    const chartDir = join(root, "test/contracts/charts/k8up-4.9.0");
    expect(existsSync(join(chartDir, "values.schema.json"))).toBe(false);
    expect(JSON.parse(readFileSync(join(chartDir, "source.json"), "utf8"))).toMatchObject({
      repository: "k8up-io/k8up",
      tag: "k8up-4.9.0",
      paths: ["charts/k8up/values.yaml", "charts/k8up/templates/"],
      version: "4.9.0",
    });
    expect(JSON.parse(readFileSync(join(chartDir, "values.keys.json"), "utf8"))).toEqual({
      keys: [["k8up"], ["k8up", "envVars"], ["k8up", "timezone"], ["metrics"], ["metrics", "service"], ["metrics", "service", "port"], ["podSecurityContext"], ["replicaCount"]],
      open: [
        { path: ["extraEnv"], because: "templates/deployment.yaml:5: range over its keys" },
        { path: ["k8up", "envVars"], because: "values.yaml: a list" },
        { path: ["metrics", "service"], because: "templates/deployment.yaml:3: with ... toYaml ." },
        { path: ["podSecurityContext"], because: "values.yaml: an empty map" },
      ],
    });

    const crdDir = join(root, "test/contracts/crds/k8up-4.9.0");
    expect(JSON.parse(readFileSync(join(crdDir, "podconfigs.k8up.io.json"), "utf8"))).toEqual({
      group: "k8up.io",
      kind: "PodConfig",
      plural: "podconfigs",
      scope: "Namespaced",
      versions: { v1: { type: "object", properties: { spec: { type: "object" } } } },
    });
    expect(existsSync(join(crdDir, "schedules.k8up.io.json"))).toBe(true);
    expect(existsSync(join(crdDir, "backups.k8up.io.json"))).toBe(true);
    expect(existsSync(join(crdDir, "archives.k8up.io.json"))).toBe(false);

    const manifest = JSON.parse(readFileSync(join(root, "components/platform/upstream/k8up-crds.json"), "utf8")) as CrdManifest;
    expect(manifest.source).toMatchObject({ repository: "k8up-io/k8up", tag: "k8up-4.9.0", version: "4.9.0" });
    expect(manifest.crds.map((c) => c.metadata.name)).toEqual(Object.keys(PLURALS).map((p) => `${p}.k8up.io`));

    const sources = readFileSync(join(root, "test/contracts/SOURCES.md"), "utf8");
    expect(sources).toContain("## Apps (another section)\n\nkept as it is\n");
    expect(sources).toContain("| `charts/k8up-4.9.0/` | [k8up-io/k8up](https://github.com/k8up-io/k8up/tree/k8up-4.9.0) | `k8up-4.9.0` |");
    // Run again: the section is replaced, not added twice.
    refresh(root, parseCheckouts([`k8up-io/k8up=${fakeK8upRepository()}`]));
    expect(readFileSync(join(root, "test/contracts/SOURCES.md"), "utf8")).toBe(sources);
  });

  it("refuses a checkout without the pinned tag, a chart of another version, and an unknown repository", () => {
    const root = tempDir("contracts-root");
    const other = fakeK8upRepository("4.8.0");
    expect(() => refresh(root, parseCheckouts([`k8up-io/k8up=${other}`]))).toThrow(`k8up-io/k8up (${other}) has no tag k8up-4.9.0: fetch the repository's tags and run again`);
    const mislabelled = fakeK8upRepository("4.8.0");
    execFileSync("git", ["-C", mislabelled, "tag", "k8up-4.9.0"]);
    expect(() => refresh(root, parseCheckouts([`k8up-io/k8up=${mislabelled}`]))).toThrow("k8up-io/k8up k8up-4.9.0:charts/k8up/Chart.yaml is version 4.8.0, not the pinned 4.9.0");
    expect(() => parseCheckouts(["example/unknown=/tmp"])).toThrow("example/unknown: no contract is read from it");
  });
});

describe("reading upstream files", () => {
  it("reads CRDs a chart wraps in Helm actions on their own lines, and refuses an action inside a line", () => {
    const wrapped = `{{- if .Values.crds.create }}\n${crd("schedules", "Schedule", { type: "object" })}  {{- include "labels" . | nindent 4 }}\n{{- end }}\n`;
    expect(parseCrdFile(wrapped, "crds.yaml").map((c) => c.spec.names.kind)).toEqual(["Schedule"]);
    expect(() => parseCrdFile(crd("schedules", "Schedule", { type: "object" }).replace("name: schedules.k8up.io", "name: {{ .Values.name }}"), "crds.yaml")).toThrow(
      "crds.yaml: a Helm action inside a line (name: {{ .Values.name }}): the CRD cannot be read without rendering the chart",
    );
  });

  it("finds the values a template renders whole: toYaml of a value, or a with block's toYaml .", () => {
    const keys = valuesKeys("a:\n  b: 1\nc:\n  d: 2\n", [{ path: "templates/x.yaml", text: "{{ toYaml .Values.a | nindent 2 }}\n{{ .Values.c.d | toYaml }}\n{{- with .Values.c }}{{ .d }}{{- end }}" }]);
    expect(keys.open).toEqual([
      { path: ["a"], because: "templates/x.yaml:1: toYaml" },
      { path: ["c", "d"], because: "templates/x.yaml:2: toYaml" },
    ]);
  });
});
