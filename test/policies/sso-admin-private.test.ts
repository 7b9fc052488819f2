import { describe, expect, it } from "vitest";
import { ssoAdminPrivate } from "../../policies/sso-admin-private";
import { plannedResource, stackViolationsOf } from "../helpers/policies";
import { CLUSTER } from "../helpers/workloads";

const HOST = "sso.jardin.example";
const ingress = (name: string, paths: string[], annotations: Record<string, string> = {}, namespace = "keycloak") =>
  plannedResource(
    "kubernetes:networking.k8s.io/v1:Ingress",
    { metadata: { name, namespace, annotations }, spec: { rules: [{ host: HOST, http: { paths: paths.map((path) => ({ path, pathType: "Prefix" })) } }] } },
    { name, provider: CLUSTER },
  );
const middleware = (sourceRange: string[], name = "admin-networks") =>
  plannedResource("kubernetes:traefik.io/v1alpha1:Middleware", { metadata: { name, namespace: "keycloak" }, spec: { ipAllowList: { sourceRange } } }, { name: `mw-${name}`, provider: CLUSTER });
const ADMIN_ANNOTATIONS = { "traefik.ingress.kubernetes.io/router.middlewares": "keycloak-admin-networks@kubernetescrd", "traefik.ingress.kubernetes.io/router.priority": "1000" };
const compliant = () => [
  ingress("keycloak", ["/realms", "/resources", "/.well-known"]),
  ingress("keycloak-admin", ["/admin", "/realms/master"], ADMIN_ANNOTATIONS),
  middleware(["203.0.113.0/28", "2001:db8:4a7d::/48"]),
];
const exposed = (name: string, path: string, target: string) =>
  `Ingress keycloak/${name}: path "${path}" of ${HOST} exposes ${target} to the world; route it only through an Ingress whose traefik.ingress.kubernetes.io/router.middlewares runs an ipAllowList Middleware of adminCidrs (components/platform/keycloak-ingress.ts)`;

describe("policy sso-admin-private", () => {
  it("passes the public paths beside an allow-listed admin Ingress that takes /realms/master first", async () => {
    expect(await stackViolationsOf(ssoAdminPrivate, compliant())).toEqual([]);
  });

  it("stops the whole host served to the world", async () => {
    const resources = [...compliant().slice(1), ingress("keycloak", ["/"])];
    expect(await stackViolationsOf(ssoAdminPrivate, resources)).toEqual([exposed("keycloak", "/", "/admin"), exposed("keycloak", "/", "/realms/master")]);
  });

  it("stops the admin paths once the allow-list lets the world in, is missing, or is not the Ingress's", async () => {
    const [pub, admin] = compliant();
    const both = [exposed("keycloak-admin", "/admin", "/admin"), exposed("keycloak-admin", "/realms/master", "/realms/master")];
    // With the admin Ingress unguarded, the public /realms also loses its cover for /realms/master.
    const all = [...both, exposed("keycloak", "/realms", "/realms/master")].sort();
    expect((await stackViolationsOf(ssoAdminPrivate, [pub!, admin!, middleware(["0.0.0.0/0"])])).sort()).toEqual(all);
    expect((await stackViolationsOf(ssoAdminPrivate, [pub!, admin!])).sort()).toEqual(all);
    expect((await stackViolationsOf(ssoAdminPrivate, [pub!, admin!, middleware(["203.0.113.0/28"], "other")])).sort()).toEqual(all);
  });

  it("stops /realms when no allow-listed Ingress with a priority takes /realms/master", async () => {
    const [pub, , mw] = compliant();
    const adminOnly = ingress("keycloak-admin", ["/admin"], ADMIN_ANNOTATIONS);
    expect(await stackViolationsOf(ssoAdminPrivate, [pub!, adminOnly, mw!])).toEqual([exposed("keycloak", "/realms", "/realms/master")]);
    const noPriority = ingress("keycloak-admin", ["/admin", "/realms/master"], { "traefik.ingress.kubernetes.io/router.middlewares": "keycloak-admin-networks@kubernetescrd" });
    expect(await stackViolationsOf(ssoAdminPrivate, [pub!, noPriority, mw!])).toEqual([exposed("keycloak", "/realms", "/realms/master")]);
  });

  it("reads the keycloak namespace only", async () => {
    expect(await stackViolationsOf(ssoAdminPrivate, [ingress("web", ["/"], {}, "les-semeurs")])).toEqual([]);
  });
});
