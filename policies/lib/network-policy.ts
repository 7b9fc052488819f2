import type { PolicyResource } from "@pulumi/policy";
import { asArray, asRecord } from "./kubernetes";

export const NETWORK_POLICY_TYPE = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** A NetworkPolicy selecting every pod, for both directions, allowing nothing. */
export function isDefaultDeny(resource: PolicyResource): boolean {
  if (resource.type !== NETWORK_POLICY_TYPE) return false;
  const spec = asRecord(resource.props["spec"]);
  const selector = asRecord(spec["podSelector"]);
  const selectsAll = asArray(selector["matchExpressions"]).length === 0 && Object.keys(asRecord(selector["matchLabels"])).length === 0;
  const types = asArray(spec["policyTypes"]);
  return selectsAll && types.includes("Ingress") && types.includes("Egress") && asArray(spec["ingress"]).length === 0 && asArray(spec["egress"]).length === 0;
}
