import { describe, expect, it } from "vitest";
import { isNewSide } from "../../scripts/plan/gate/tenant-states";
import type { SnapshotResource } from "../../scripts/plan/snapshot";
import { prodPlan } from "../helpers/plan";

// The stack's `verify` output (stacks/program.ts) is what `npm run verify` checks: held here to the
// resources the same plan registers, so it can neither miss one nor name one that is not deployed.
const plan = prodPlan();
const { resources } = plan.snapshot;
const tenants = plan.outputs.verify.tenants;
const inputs = (r: SnapshotResource) => r.inputs as any;
// A moving tenant has a namespace of that name on each cluster: verify checks the side its names
// point at, the old one until the switch (model/move.ts).
const servingSide = (r: SnapshotResource, namespace: string) => isNewSide(r.urn) === ["switch", "release"].includes(plan.outputs.tenants[namespace]?.move?.phase ?? "");
const inNamespace = (type: string, namespace: string) =>
  resources.filter((r) => r.type === type && [namespace, `${namespace}-office`].includes(inputs(r).metadata?.namespace) && servingSide(r, namespace));

describe("the stack's verify output", () => {
  it("covers every tenant of the plan", () => {
    expect(Object.keys(tenants).sort()).toEqual(Object.keys(plan.outputs.tenants).sort());
  });

  it.each(Object.keys(prodPlan().outputs.verify.tenants))("%s: every host its Ingresses serve has a health path, and every endpoint is an Ingress host", (id) => {
    const hosts = inNamespace("kubernetes:networking.k8s.io/v1:Ingress", id).flatMap((r) => inputs(r).spec.rules.map((rule: { host: string }) => rule.host));
    const endpoints = tenants[id]!.endpoints.map((e) => e.hostname);
    // Matrix's server name without federation serves nothing to ask (components/apps/matrix.ts).
    const unasked = hosts.filter((h) => !endpoints.includes(h));
    if (unasked.length > 0) expect([unasked.length, plan.declarations.tenants.find((t) => t.tenant.id === id)!.tenant.apps.matrix?.federation]).toEqual([1, false]);
    expect(endpoints.filter((h) => !hosts.includes(h))).toEqual([]);
    // Each one is a hostname DNS and certificates are checked for.
    expect(endpoints.filter((h) => !tenants[id]!.hostnames.includes(h))).toEqual([]);
  });

  it.each(Object.keys(prodPlan().outputs.verify.tenants))("%s: each login is one of its realm's clients, with that client's redirect URI and PKCE", (id) => {
    const tenant = tenants[id]!;
    const clients = resources.filter((r) => r.type === "keycloak:openid/client:Client" && r.name.startsWith(`${id}-`));
    const expected = tenant.state === "active" && plan.declarations.tenants.find((t) => t.tenant.id === id)!.tenant.adopt?.step !== "import" ? clients.length : 0;
    expect(tenant.logins).toHaveLength(expected);
    for (const login of tenant.logins) {
      const client = clients.find((c) => inputs(c).clientId === login.clientId);
      expect(client, login.clientId).toBeDefined();
      expect(inputs(client!).validRedirectUris).toEqual([login.redirectUri]);
      expect(inputs(client!).pkceCodeChallengeMethod).toBe(login.pkce === "S256" ? "S256" : "");
      expect(new URL(login.loginUrl).origin).toBe(inputs(client!).rootUrl);
    }
  });

  it.each(Object.keys(prodPlan().outputs.verify.tenants))("%s: its databases and claims are the CloudNativePG clusters and claims the plan registers", (id) => {
    const tenant = tenants[id]!;
    const names = (type: string) => inNamespace(type, id).map((r) => inputs(r).metadata.name).sort();
    // While an adoption is at its import step, the databases' backups are not jardin's yet.
    const importing = plan.declarations.tenants.find((t) => t.tenant.id === id)!.tenant.adopt?.step === "import";
    expect([...tenant.backups.databases].sort()).toEqual(importing ? [] : names("kubernetes:postgresql.cnpg.io/v1:Cluster"));
    expect([...tenant.claims].sort()).toEqual(names("kubernetes:core/v1:PersistentVolumeClaim"));
  });

  it("names each app's health path and login start as its component sets them", () => {
    const fede = tenants["fede-educpop"]!;
    expect(fede.endpoints.map((e) => `${e.hostname}${e.healthPath}`)).toEqual([
      "nuage.educpop.example/status.php",
      "office.educpop.example/hosting/discovery",
      "visio.educpop.example/",
      "matrix.educpop.example/health",
      "chat.educpop.example/config.json",
      "agenda.educpop.example/.well-known/nodeinfo",
      "pad.educpop.example/_health",
      "grist.educpop.example/status",
    ]);
    expect(fede.logins.map((l) => `${l.clientId} ${l.loginUrl} ${l.pkce}`)).toEqual([
      "nextcloud https://nuage.educpop.example/login S256",
      "jitsi https://visio.educpop.example/oidc/auth?state=%7B%7D none",
      "synapse https://matrix.educpop.example/_matrix/client/v3/login/sso/redirect?redirectUrl=https%3A%2F%2Fchat.educpop.example%2F S256",
      "mobilizon https://agenda.educpop.example/auth/keycloak none",
      "hedgedoc https://pad.educpop.example/auth/oauth2 S256",
      "grist https://grist.educpop.example/login S256",
    ]);
    expect(fede.backups).toEqual({ schedule: "0 1 * * *", databases: ["nextcloud-db", "matrix-db", "mobilizon-db", "hedgedoc-db"], volumes: true });
    // A tenant whose Matrix federates: its server name's host answers the server well-known, and is checked.
    const fourmiliere = tenants["la-fourmiliere"]!;
    expect(fourmiliere.endpoints).toContainEqual({ app: "matrix", hostname: "lafourmiliere.example", healthPath: "/.well-known/matrix/server" });
    expect(fourmiliere.hostnames).toContain("lafourmiliere.example");
  });
});
