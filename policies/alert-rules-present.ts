import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ALERT_RULE_KIND, REQUIRED_ALERTS } from "../model/contract/alerts";
import { asArray, asRecord, metadataOf } from "./lib/kubernetes";
import { clusterOf, NAMESPACE_TYPE } from "./lib/stack";

const RULE_TYPE = `kubernetes:${ALERT_RULE_KIND.apiVersion}:${ALERT_RULE_KIND.kind}`;

/** The label every namespace the platform creates carries (components/platform/namespaces.ts PLATFORM_LABELS). */
const PLATFORM_COMPONENT = ["jardin/component", "platform"] as const;

/** The alerts a VMRule defines, with an expression: `spec.groups[].rules[].alert`. */
function alertsOf(rule: PolicyResource): string[] {
  return asArray(asRecord(rule.props["spec"])["groups"]).flatMap((group) =>
    asArray(asRecord(group)["rules"])
      .map(asRecord)
      .filter((r) => typeof r["expr"] === "string" && r["expr"].trim() !== "")
      .flatMap((r) => (typeof r["alert"] === "string" ? [r["alert"]] : [])),
  );
}

/**
 * Every cluster the platform deploys to (one with a namespace of the platform's) or that holds
 * alert rules has, in its VMRule objects, each alert the collective relies on
 * (model/contract/alerts.ts), each with an expression: dropping an alert, or the stack, from a
 * cluster fails the plan.
 */
export const alertRulesPresent: StackValidationPolicy = {
  name: "alert-rules-present",
  description: `Every cluster with a platform namespace (label ${PLATFORM_COMPONENT.join("=")}) or an alert rule object has, in its ${ALERT_RULE_KIND.kind} objects (${ALERT_RULE_KIND.apiVersion}), an alerting rule with an expression for each of: ${REQUIRED_ALERTS.join(", ")}.`,
  validateStack: (args, reportViolation) => {
    const byCluster = new Map<string, { first: PolicyResource; alerts: Set<string> }>();
    const entry = (resource: PolicyResource) => {
      const cluster = clusterOf(resource) ?? "(default provider)";
      const found = byCluster.get(cluster) ?? { first: resource, alerts: new Set<string>() };
      byCluster.set(cluster, found);
      return found;
    };
    for (const resource of args.resources) {
      if (resource.type === NAMESPACE_TYPE && metadataOf(resource.props).labels[PLATFORM_COMPONENT[0]] === PLATFORM_COMPONENT[1]) entry(resource);
      if (resource.type === RULE_TYPE) for (const alert of alertsOf(resource)) entry(resource).alerts.add(alert);
    }
    for (const [cluster, { first, alerts }] of [...byCluster.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const missing = REQUIRED_ALERTS.filter((name) => !alerts.has(name));
      if (missing.length === 0) continue;
      reportViolation(
        `cluster ${cluster.split("::").at(-1)}: no alerting rule for ${missing.join(", ")}; every cluster keeps them in its ${ALERT_RULE_KIND.kind} (components/platform/alerts/rules.ts, deployed by components/platform/monitoring.ts)`,
        first.urn,
      );
    }
  },
};
