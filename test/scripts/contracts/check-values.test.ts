import { describe, expect, it } from "vitest";
import { CHARTS } from "../../../components/platform/charts";
import { coalesce, valuesProblems } from "../../../scripts/contracts/check-values";
import { loadChartContract, type ChartContract } from "../../../scripts/contracts/contracts";
import { ROOT_DIR } from "../../helpers/declarations";

const contract = (key: keyof typeof CHARTS): ChartContract => loadChartContract(ROOT_DIR, CHARTS[key])!;

/** A chart without a schema: its values.yaml keys and what its templates read whole are the contract. */
const k8up = () => contract("k8up");
const K8UP_VALUES = { k8up: { skipWithoutAnnotation: true, timezone: "Etc/UTC" }, resources: { requests: { cpu: "20m" } } };

describe("a release's values against its chart's contract", () => {
  it("accepts keys of values.yaml, and any key below a value the chart reads whole", () => {
    expect(valuesProblems(k8up(), K8UP_VALUES)).toEqual([]);
    // podSecurityContext defaults to {} and the template renders it whole; the CCM ranges over env.
    expect(valuesProblems(k8up(), { ...K8UP_VALUES, podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } })).toEqual([]);
    expect(valuesProblems(contract("cloudController"), { env: { HCLOUD_LOAD_BALANCERS_ENABLED: { value: "false" } } })).toEqual([]);
  });

  it("refuses a key the chart does not read, where it would be silently ignored", () => {
    expect(valuesProblems(k8up(), { ...K8UP_VALUES, k8up: { ...K8UP_VALUES.k8up, skipWithoutAnnotations: true } })).toEqual([
      "values.k8up.skipWithoutAnnotations: not a value of chart k8up-4.9.0 (k8up-io/k8up k8up-4.9.0): Helm ignores it",
    ]);
    expect(valuesProblems(contract("cloudController"), { networking: { enabled: true, clusterCidr: "10.42.0.0/16" } })).toEqual([
      "values.networking.clusterCidr: not a value of chart hcloud-cloud-controller-manager-1.35.0 (hetznercloud/hcloud-cloud-controller-manager v1.35.0): Helm ignores it",
    ]);
  });

  it("checks the chart's defaults merged with the values against its schema, as Helm does", () => {
    const traefik = contract("traefik");
    expect(valuesProblems(traefik, { deployment: { replicas: 2 } })).toEqual([]);
    expect(valuesProblems(traefik, { deployment: { replicas: "two" } })).toEqual([
      "values.deployment.replicas: must be integer,null (values.schema.json of traefik-41.3.0, traefik/traefik-helm-chart v41.3.0)",
    ]);
    // A value the plan cannot know (an address not yet allocated) is left out, not refused.
    expect(valuesProblems(traefik, { providers: { kubernetesIngress: { ingressEndpoint: {} } } }, new Set(["/providers/kubernetesIngress/ingressEndpoint/ip"]))).toEqual([]);
  });

  it("merges like Helm: maps deep, the release's value winning, null removing a default", () => {
    expect(coalesce({ a: { b: 1, c: 2 }, d: [1], e: 3 }, { a: { b: 5 }, d: [2, 3], e: null, f: "x" })).toEqual({ a: { b: 5, c: 2 }, d: [2, 3], f: "x" });
  });
});
