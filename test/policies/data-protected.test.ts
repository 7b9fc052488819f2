import { describe, expect, it } from "vitest";
import { dataProtected } from "../../policies/data-protected";
import { STATEFUL_TYPES } from "../../model/stateful";
import { plannedResource, violationsOf } from "../helpers/policies";

const namespace = (labels: Record<string, string>, protect: boolean) =>
  plannedResource("kubernetes:core/v1:Namespace", { metadata: { name: "les-semeurs", labels } }, protect);

describe("policy data-protected", () => {
  it("passes a protected tenant namespace", async () => {
    expect(await violationsOf(dataProtected, namespace({ "jardin/tenant": "les-semeurs" }, true))).toEqual([]);
  });

  it("stops a tenant namespace that is not protected", async () => {
    expect(await violationsOf(dataProtected, namespace({ "jardin/tenant": "les-semeurs" }, false))).toEqual([
      'the namespace of tenant "les-semeurs" is not protected; create it with { protect: true, retainOnDelete: true }',
    ]);
  });

  it("leaves namespaces that hold no tenant alone", async () => {
    expect(await violationsOf(dataProtected, namespace({}, false))).toEqual([]);
  });

  it.each(Object.keys(STATEFUL_TYPES).filter((type) => type !== "kubernetes:core/v1:Namespace"))("passes a protected %s", async (type) => {
    expect(await violationsOf(dataProtected, plannedResource(type, {}, true))).toEqual([]);
  });

  it("stops every other kind of stateful resource left unprotected, naming it and what it holds", async () => {
    const claim = plannedResource("kubernetes:core/v1:PersistentVolumeClaim", { metadata: { name: "nextcloud-data", namespace: "les-semeurs" } });
    expect(await violationsOf(dataProtected, claim)).toEqual([
      "PersistentVolumeClaim les-semeurs/nextcloud-data, a volume claim (the app's files), is not protected; create it with { protect: true, retainOnDelete: true }",
    ]);
    expect(await violationsOf(dataProtected, plannedResource("hcloud:index/volume:Volume", { size: 10, location: "fsn1" }, { name: "etcd" }))).toEqual([
      "Volume etcd, a Hetzner volume, is not protected; create it with { protect: true, retainOnDelete: true }",
    ]);
    expect(await violationsOf(dataProtected, plannedResource("keycloak:index/realm:Realm", { realm: "les-semeurs" }, { name: "les-semeurs-realm" }))).toEqual([
      "Realm les-semeurs-realm, a Keycloak realm (the organisation's accounts), is not protected; create it with { protect: true, retainOnDelete: true }",
    ]);
    expect(await violationsOf(dataProtected, plannedResource("kubernetes:postgresql.cnpg.io/v1:Cluster", { metadata: { name: "db", namespace: "les-semeurs" } }))).toEqual([
      "Cluster les-semeurs/db, a PostgreSQL cluster (CloudNativePG), is not protected; create it with { protect: true, retainOnDelete: true }",
    ]);
  });

  it("leaves stateless resources alone", async () => {
    expect(await violationsOf(dataProtected, plannedResource("kubernetes:core/v1:ConfigMap", {}))).toEqual([]);
  });
});
