import { describe, expect, it } from "vitest";
import { PLATFORM_LABELS } from "../../components/platform/namespaces";
import { REQUIRED_ALERTS } from "../../model/contract/alerts";
import { alertRulesPresent } from "../../policies/alert-rules-present";
import { prodPlan } from "../helpers/plan";
import { plannedResource, stackViolationsOf } from "../helpers/policies";
import { CLUSTER } from "../helpers/workloads";

const OTHER_CLUSTER = "urn:pulumi:prod::jardin::pulumi:providers:kubernetes::louise-michel-k8s";
const platformNamespace = (provider = CLUSTER) =>
  plannedResource("kubernetes:core/v1:Namespace", { metadata: { name: "monitoring", labels: { ...PLATFORM_LABELS } } }, { name: `monitoring-${provider.length}`, provider });
const rule = (alert: string, expr = "vector(1)") => ({ alert, expr, for: "5m" });
const vmRule = (rules: readonly Record<string, unknown>[], provider = CLUSTER, name = "jardin-alerts") =>
  plannedResource("kubernetes:operator.victoriametrics.com/v1beta1:VMRule", { metadata: { name, namespace: "monitoring" }, spec: { groups: [{ name: "jardin", rules }] } }, { name, provider });
const allRules = () => REQUIRED_ALERTS.map((a) => rule(a));
const message = (cluster: string, missing: readonly string[]) =>
  `cluster ${cluster}: no alerting rule for ${missing.join(", ")}; every cluster keeps them in its VMRule (components/platform/alerts/rules.ts, deployed by components/platform/monitoring.ts)`;

describe("policy alert-rules-present", () => {
  it("passes the prod plan: both clusters hold every required alert", async () => {
    const { snapshot } = prodPlan();
    expect(await stackViolationsOf(alertRulesPresent, snapshot.resources)).toEqual([]);
  });

  it("stops the prod plan with one alert taken out of ada-lovelace's rules", async () => {
    const { snapshot } = prodPlan();
    const resources = snapshot.resources.map((r) => {
      if (r.name !== "ada-lovelace-rules") return r;
      const spec = r.inputs["spec"] as { groups: { rules: { alert: string }[] }[] };
      const groups = spec.groups.map((g) => ({ ...g, rules: g.rules.filter((x) => x.alert !== "EtcdSnapshotMissing") }));
      return { ...r, inputs: { ...r.inputs, spec: { ...spec, groups } } };
    });
    expect(await stackViolationsOf(alertRulesPresent, resources)).toEqual([message("ada-lovelace-k8s", ["EtcdSnapshotMissing"])]);
  });

  it("passes a platform cluster whose rules are split over several objects", async () => {
    const [first, ...rest] = allRules();
    expect(await stackViolationsOf(alertRulesPresent, [platformNamespace(), vmRule([first!]), vmRule(rest, CLUSTER, "more")])).toEqual([]);
  });

  it("stops a platform cluster without any alert rule object", async () => {
    expect(await stackViolationsOf(alertRulesPresent, [platformNamespace()])).toEqual([message("ada-lovelace-k8s", REQUIRED_ALERTS)]);
  });

  it.each(REQUIRED_ALERTS.map((a) => [a]))("stops a cluster whose rules lack %s", async (missing) => {
    const rules = allRules().filter((r) => r.alert !== missing);
    expect(await stackViolationsOf(alertRulesPresent, [platformNamespace(), vmRule(rules)])).toEqual([message("ada-lovelace-k8s", [missing])]);
  });

  it("does not count a rule without an expression, nor another cluster's rules", async () => {
    const rules = allRules().map((r) => (r.alert === "NodeNotReady" ? { ...r, expr: " " } : r));
    expect(await stackViolationsOf(alertRulesPresent, [platformNamespace(), vmRule(rules)])).toEqual([message("ada-lovelace-k8s", ["NodeNotReady"])]);
    expect(await stackViolationsOf(alertRulesPresent, [platformNamespace(), vmRule(allRules(), OTHER_CLUSTER)])).toEqual([message("ada-lovelace-k8s", REQUIRED_ALERTS)]);
  });
});
