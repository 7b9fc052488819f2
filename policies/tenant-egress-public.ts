import type { StackValidationPolicy } from "@pulumi/policy";
import { KUBERNETES_API_PORT, METADATA_ADDRESS, NOT_PUBLIC } from "../model/contract/network";
import { parseCidr, reaches, type Cidr } from "./lib/cidr";
import { asArray, asRecord, metadataOf } from "./lib/kubernetes";
import { NETWORK_POLICY_TYPE } from "./lib/network-policy";
import { tenantNamespaces } from "./lib/stack";

/** IPv6's private (unique local) and link-local ranges, beside IPv4's NOT_PUBLIC. */
const NOT_PUBLIC_V6 = ["fc00::/7", "fe80::/10"] as const;
const PRIVATE = [...NOT_PUBLIC, ...NOT_PUBLIC_V6].map((text) => ({ text, cidr: parseCidr(text)! }));
const METADATA = parseCidr(METADATA_ADDRESS)!;
/** How the offline plan shows a value known only once resources exist (scripts/plan/snapshot.ts). */
const UNKNOWN = "[unknown]";

/** Is every port of the rule TCP 6443, the Kubernetes API's? */
function apiOnly(rule: Record<string, unknown>): boolean {
  const ports = asArray(rule["ports"]).map(asRecord);
  return ports.length > 0 && ports.every((p) => p["port"] === KUBERNETES_API_PORT && (p["protocol"] ?? "TCP") === "TCP");
}

/**
 * A tenant's pods reach the internet, never the cluster's own network: no egress ipBlock of a
 * NetworkPolicy in a tenant namespace reaches the metadata service (which hands out the nodes'
 * user data), nor a private or link-local range (the nodes, the load balancers, other clusters'
 * private services), IPv4 or IPv6. One exception, for database instances: the API servers' 6443,
 * in a rule with no other port.
 */
export const tenantEgressPublic: StackValidationPolicy = {
  name: "tenant-egress-public",
  description:
    "No egress ipBlock of a NetworkPolicy in a tenant namespace reaches 169.254.169.254, nor (but for a rule whose every port is TCP 6443, the API servers) 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16, fc00::/7 or fe80::/10, once its except list is taken off. A CIDR not yet known (an address of a machine still to be created) is checked when it is.",
  validateStack: (args, reportViolation) => {
    for (const { tenant, name: namespace, contents } of tenantNamespaces(args.resources)) {
      for (const policy of contents.filter((r) => r.type === NETWORK_POLICY_TYPE)) {
        const policyName = metadataOf(policy.props).name ?? policy.name;
        const egress = asArray(asRecord(policy.props["spec"])["egress"]).map(asRecord);
        for (const rule of egress) {
          for (const peer of asArray(rule["to"]).map(asRecord)) {
            const block = asRecord(peer["ipBlock"]);
            if (typeof block["cidr"] !== "string") continue;
            const cidr = parseCidr(block["cidr"]);
            const except = asArray(block["except"]).flatMap((e) => (typeof e === "string" ? [parseCidr(e)] : [])).filter((c): c is Cidr => c !== undefined);
            const where = `NetworkPolicy ${namespace}/${policyName} of tenant "${tenant}": egress to ${block["cidr"]}`;
            // A public address not known before its machine exists (a load balancer's /32): the
            // engine shows it to the pack once known, at `pulumi up`, which checks it then.
            if (block["cidr"].includes(UNKNOWN)) continue;
            if (cidr === undefined) {
              reportViolation(`${where} is not a CIDR the pack can read; write it as a.b.c.d/n or an IPv6 prefix`, policy.urn);
              continue;
            }
            if (reaches(cidr, except, METADATA)) {
              reportViolation(`${where} reaches the metadata service (${METADATA_ADDRESS}), which hands out the nodes' secrets; add it (or 169.254.0.0/16) to except`, policy.urn);
            }
            const reached = PRIVATE.filter((p) => p.cidr.family === cidr.family && reaches(cidr, except, p.cidr) && !(p.text !== "169.254.0.0/16" && apiOnly(rule)));
            if (reached.length > 0) {
              reportViolation(
                `${where} reaches the private range${reached.length > 1 ? "s" : ""} ${reached.map((p) => p.text).join(", ")}; a tenant's pods reach public addresses only: add ${reached.length > 1 ? "them" : "it"} to except`,
                policy.urn,
              );
            }
          }
        }
      }
    }
  },
};
