import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { orderingProblems } from "../../../scripts/plan/ordering";
import type { Snapshot, SnapshotResource } from "../../../scripts/plan/snapshot";
import { ROOT_DIR } from "../../helpers/declarations";
import { prodPlan } from "../../helpers/plan";
import { planInProcess } from "../../helpers/plan-command";
import { tempDir } from "../../helpers/temp";

const STACK = "urn:pulumi:prod::jardin::";
const K8S_PROVIDER = `${STACK}jardin:cluster:K3sCluster$pulumi:providers:kubernetes::ada-lovelace-k8s`;
const API_GATE = `${STACK}jardin:cluster:K3sCluster$pulumi-nodejs:dynamic/jardin:HttpsReady::ada-lovelace-api-ready`;
const KEYCLOAK_PROVIDER = `${STACK}jardin:platform:FleetKeycloak$pulumi:providers:keycloak::sso-provider`;
const KEYCLOAK_BOOTSTRAP_PROVIDER = `${STACK}jardin:platform:FleetKeycloak$pulumi:providers:keycloak::sso-bootstrap-provider`;
const KEYCLOAK_GATE = `${STACK}jardin:platform:FleetKeycloak$pulumi-nodejs:dynamic/jardin:HttpsReady::sso-ready`;
const CLOUD_CONTROLLER = `${STACK}jardin:platform:Platform$kubernetes:helm.sh/v3:Release::ada-lovelace-cloud-controller`;
const TRAEFIK = `${STACK}jardin:platform:Platform$kubernetes:helm.sh/v3:Release::ada-lovelace-traefik`;
const TRAEFIK_NAMESPACE = `${STACK}jardin:platform:Platform$kubernetes:core/v1:Namespace::ada-lovelace-traefik-namespace`;

/** The snapshot with one resource's dependencies edited: a careless change of the program. */
function without(snapshot: Snapshot, urn: string, dependency: string): Snapshot {
  const edit = (r: SnapshotResource): SnapshotResource => {
    if (r.urn !== urn) return r;
    if (!r.dependencies.includes(dependency)) throw new Error(`${urn} does not depend on ${dependency}; the test's seed is stale`);
    return { ...r, dependencies: r.dependencies.filter((d) => d !== dependency) };
  };
  return { ...snapshot, resources: snapshot.resources.map(edit) };
}

describe("the deployment order, read from the plan's dependencies", () => {
  let prod: Snapshot;
  beforeAll(() => {
    prod = prodPlan().snapshot;
  });

  it("holds for the prod plan", () => {
    expect(orderingProblems(prod)).toEqual([]);
  });

  it("fails every resource on a created cluster when its provider no longer waits for the API's readiness gate", () => {
    const onCluster = prod.resources.filter((r) => r.provider === K8S_PROVIDER).map((r) => r.urn);
    expect(onCluster.length).toBeGreaterThan(100);
    const problems = orderingProblems(without(prod, K8S_PROVIDER, API_GATE));
    const why = "a created cluster's API must answer before anything is deployed on it";
    expect(problems).toEqual([K8S_PROVIDER, ...onCluster].map((urn) => `${urn} does not wait for ${API_GATE}: ${why}`));
  });

  it("fails a created cluster's provider that has no readiness gate at all", () => {
    const gateless = { ...prod, resources: prod.resources.filter((r) => r.urn !== API_GATE).map((r) => (r.urn === K8S_PROVIDER ? { ...r, dependencies: [] } : r)) };
    expect(orderingProblems(gateless)).toContain(
      `${K8S_PROVIDER} has no readiness gate beside it: its cluster's API must answer before the provider is configured`,
    );
  });

  it("fails every Keycloak resource when the Keycloak providers no longer wait for Keycloak's gate", () => {
    const on = (provider: string) => [provider, ...prod.resources.filter((r) => r.provider === provider).map((r) => r.urn)];
    // Every tenant's realm, its required actions, admins, roles and OIDC clients.
    const realms = prod.resources.filter((r) => r.type === "keycloak:index/realm:Realm").map((r) => r.urn);
    expect(realms.length).toBeGreaterThan(0);
    expect(on(KEYCLOAK_PROVIDER).filter((urn) => urn.includes("keycloak:index/realm:Realm"))).toEqual(realms);
    // The realms' provider also waits for jardin's client, made through the bootstrap provider,
    // which waits for the gate too: the mistake is dropping the gate from both.
    expect(orderingProblems(without(prod, KEYCLOAK_PROVIDER, KEYCLOAK_GATE))).toEqual([]);
    const problems = orderingProblems(without(without(prod, KEYCLOAK_PROVIDER, KEYCLOAK_GATE), KEYCLOAK_BOOTSTRAP_PROVIDER, KEYCLOAK_GATE));
    const why = "the Keycloak provider logs in once, on its first call, and does not retry";
    expect(problems).toEqual([...on(KEYCLOAK_BOOTSTRAP_PROVIDER), ...on(KEYCLOAK_PROVIDER)].map((urn) => `${urn} does not wait for ${KEYCLOAK_GATE}: ${why}`));
  });

  it("fails a chart that runs pods before the cloud controller: Traefik, once its namespace no longer waits for it", () => {
    const problems = orderingProblems(without(prod, TRAEFIK_NAMESPACE, CLOUD_CONTROLLER));
    expect(problems).toEqual([
      `${TRAEFIK} does not wait for ${CLOUD_CONTROLLER}: nodes keep the uninitialized taint, and take no pod, until the cloud controller runs`,
    ]);
  });

  it("fails the plan for a Keycloak resource written by hand on a provider that waits for nothing", async () => {
    const file = join(tempDir("program"), "hasty-realm.ts");
    const keycloakPackage = JSON.stringify(join(ROOT_DIR, "node_modules", "@pulumi/keycloak"));
    writeFileSync(
      file,
      `import * as keycloak from ${keycloakPackage};
export default function hastyRealm(): void {
  const provider = new keycloak.Provider("hasty", { url: "https://sso.jardin.example", realm: "master", clientId: "admin-cli", initialLogin: false });
  new keycloak.Realm("hasty-realm", { realm: "hasty", enabled: true }, { provider, protect: true, retainOnDelete: true });
}
`,
    );
    const run = await planInProcess(["--program", file]);
    const why = "the Keycloak provider logs in once, on its first call, and does not retry";
    expect(run.stderr).toContain("jardin: 2 ordering problems; a first pulumi up would create these too early:\n");
    expect(run.stderr).toContain(`  - ${STACK}pulumi:providers:keycloak::hasty does not wait for ${KEYCLOAK_GATE}: ${why}\n`);
    expect(run.stderr).toContain(`  - ${STACK}keycloak:index/realm:Realm::hasty-realm does not wait for ${KEYCLOAK_GATE}: ${why}\n`);
    expect(run.status).toBe(1);
  });
});
