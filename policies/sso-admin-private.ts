import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { PLATFORM_NAMESPACES } from "../model/contract/platform-namespaces";
import { parseCidr } from "./lib/cidr";
import { asArray, asRecord, metadataOf } from "./lib/kubernetes";
import { clusterOf } from "./lib/stack";

const INGRESS_TYPE = "kubernetes:networking.k8s.io/v1:Ingress";
const MIDDLEWARE_TYPE = "kubernetes:traefik.io/v1alpha1:Middleware";
/** Traefik's Ingress annotations. https://doc.traefik.io/traefik/v3.7/reference/routing-configuration/kubernetes/ingress/ */
const MIDDLEWARES = "traefik.ingress.kubernetes.io/router.middlewares";
const PRIORITY = "traefik.ingress.kubernetes.io/router.priority";
/** What only the gardeners' networks may reach: the admin console and API, and the master realm. */
const PRIVATE_PATHS = ["/admin", "/realms/master"] as const;

/** Does an Ingress path (Prefix or Exact alike, to be safe) take requests for `target`? */
const covers = (path: string, target: string) => path === "" || path === "/" || target.startsWith(path.endsWith("/") ? path.slice(0, -1) : path) || path.startsWith(target);

/**
 * The Middlewares of the same namespace and cluster that the Ingress runs and that allow only
 * some networks: an ipAllowList whose every range is a real CIDR narrower than the whole internet.
 */
function allowListed(ingress: PolicyResource, middlewares: readonly PolicyResource[]): boolean {
  const { namespace, annotations } = metadataOf(ingress.props);
  const named = (annotations[MIDDLEWARES] ?? "").split(",").map((m) => m.trim());
  return middlewares.some((m) => {
    const meta = metadataOf(m.props);
    if (clusterOf(m) !== clusterOf(ingress) || meta.namespace !== namespace || !named.includes(`${namespace}-${meta.name}@kubernetescrd`)) return false;
    const ranges = asArray(asRecord(asRecord(m.props["spec"])["ipAllowList"])["sourceRange"]);
    return ranges.length > 0 && ranges.every((r) => typeof r === "string" && (parseCidr(r)?.prefix ?? 0) > 0);
  });
}

/**
 * Keycloak's admin console and API (`/admin`) and its master realm (`/realms/master`, whose admins
 * rule every tenant's realm) answer the gardeners' networks only: any Ingress of the keycloak
 * namespace routing them does so through a Traefik ipAllowList Middleware that excludes the world.
 * A public Ingress may route `/realms` only if an allow-listed one with an explicit router priority
 * takes `/realms/master` for the same host.
 */
export const ssoAdminPrivate: StackValidationPolicy = {
  name: "sso-admin-private",
  description:
    "No Ingress of the keycloak namespace routes /admin or /realms/master (a path of / or a prefix of them included) unless it runs a Traefik Middleware of its namespace with an ipAllowList of CIDRs narrower than /0; /realms is let through only where an allow-listed Ingress with a router priority takes /realms/master for the same host.",
  validateStack: (args, reportViolation) => {
    const inKeycloak = (r: PolicyResource) => metadataOf(r.props).namespace === PLATFORM_NAMESPACES.keycloak;
    const ingresses = args.resources.filter((r) => r.type === INGRESS_TYPE && inKeycloak(r));
    const middlewares = args.resources.filter((r) => r.type === MIDDLEWARE_TYPE && inKeycloak(r));
    const rulesOf = (ingress: PolicyResource) =>
      asArray(asRecord(ingress.props["spec"])["rules"]).map(asRecord).flatMap((rule) =>
        asArray(asRecord(rule["http"])["paths"]).map((p) => ({ host: String(rule["host"] ?? "*"), path: String(asRecord(p)["path"] ?? "/") })),
      );
    const guarded = ingresses.filter((i) => allowListed(i, middlewares));
    const guardedMaster = (host: string, cluster: string | undefined) =>
      guarded.some((i) => clusterOf(i) === cluster && metadataOf(i.props).annotations[PRIORITY] !== undefined && rulesOf(i).some((r) => r.host === host && covers(r.path, "/realms/master") && r.path.startsWith("/realms/master")));
    for (const ingress of ingresses) {
      if (guarded.includes(ingress)) continue;
      const { name } = metadataOf(ingress.props);
      for (const { host, path } of rulesOf(ingress)) {
        for (const target of PRIVATE_PATHS) {
          if (!covers(path, target)) continue;
          // `/realms` is public, but `/realms/master` may be taken before it by the admin Ingress.
          if (target === "/realms/master" && path !== "/" && path !== "" && !path.startsWith("/realms/master") && guardedMaster(host, clusterOf(ingress))) continue;
          reportViolation(
            `Ingress ${PLATFORM_NAMESPACES.keycloak}/${name ?? ingress.name}: path "${path}" of ${host} exposes ${target} to the world; route it only through an Ingress whose ${MIDDLEWARES} runs an ipAllowList Middleware of adminCidrs (components/platform/keycloak-ingress.ts)`,
            ingress.urn,
          );
        }
      }
    }
  },
};
