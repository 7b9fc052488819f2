import type { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asRecord, describeObject } from "./lib/kubernetes";

/** Tenants' logins and files never cross the network in clear: every host an Ingress serves has TLS. */
export const ingressTls: ResourceValidationPolicy = {
  name: "ingress-tls",
  description: "Every Ingress has spec.tls entries covering each host of its rules, and no rule without a host; Ingresses rendered inside a Helm release are not visible to it.",
  validateResource: (args, reportViolation) => {
    if (args.type !== "kubernetes:networking.k8s.io/v1:Ingress") return;
    const subject = describeObject(args.type, args.props, args.name);
    const spec = asRecord(args.props["spec"]);
    const covered = new Set(asArray(spec["tls"]).flatMap((entry) => asArray(asRecord(entry)["hosts"])));
    const rules = asArray(spec["rules"]).map(asRecord);
    if (rules.length === 0 || spec["defaultBackend"] !== undefined) {
      reportViolation(`${subject} serves requests for any host (${rules.length === 0 ? "no rules" : "a defaultBackend"}); give each rule a host and list it in spec.tls`);
    }
    for (const [index, rule] of rules.entries()) {
      const host = rule["host"];
      if (typeof host !== "string") {
        reportViolation(`${subject}: spec.rules[${index}] has no host, so it answers any name without a certificate; set its host and list it in spec.tls`);
      } else if (!covers(covered, host)) {
        reportViolation(`${subject}: host ${host} is served without TLS; add it to spec.tls[].hosts with its certificate's secretName`);
      }
    }
  },
};

/** A TLS host covers a rule's host exactly, or as a wildcard one label deep (`*.example.org`). */
function covers(tlsHosts: ReadonlySet<unknown>, host: string): boolean {
  return tlsHosts.has(host) || tlsHosts.has(`*.${host.split(".").slice(1).join(".")}`);
}
