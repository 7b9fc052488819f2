import { describe, expect, it } from "vitest";
import { tenantStorageRetained } from "../../policies/tenant-storage-retained";
import type { SnapshotResource } from "../../scripts/plan/snapshot";
import { plannedResource, stackViolationsOf } from "../helpers/policies";
import { CLUSTER } from "../helpers/workloads";

const tenantNamespace = plannedResource(
  "kubernetes:core/v1:Namespace",
  { metadata: { name: "les-semeurs", labels: { "jardin/tenant": "les-semeurs" } } },
  { name: "les-semeurs-namespace", provider: CLUSTER, protect: true },
);
const storageClass = (reclaimPolicy?: string) =>
  plannedResource("kubernetes:storage.k8s.io/v1:StorageClass", { metadata: { name: "hcloud-retain" }, provisioner: "csi.hetzner.cloud", ...(reclaimPolicy === undefined ? {} : { reclaimPolicy }) }, { name: "ada-lovelace-storage", provider: CLUSTER });
const claim = (storageClassName?: string, namespace = "les-semeurs") =>
  plannedResource(
    "kubernetes:core/v1:PersistentVolumeClaim",
    { metadata: { name: "nextcloud-data", namespace }, spec: { accessModes: ["ReadWriteOnce"], ...(storageClassName === undefined ? {} : { storageClassName }) } },
    { name: "les-semeurs-nextcloud-data", provider: CLUSTER, protect: true },
  );
const check = (resources: SnapshotResource[], config = {}) => stackViolationsOf(tenantStorageRetained, resources, config);
const subject = "PersistentVolumeClaim les-semeurs/nextcloud-data: spec.storageClassName";

describe("policy tenant-storage-retained", () => {
  it("passes a tenant claim on a Retain class of the same cluster", async () => {
    expect(await check([tenantNamespace, storageClass("Retain"), claim("hcloud-retain")])).toEqual([]);
  });

  it("stops a tenant claim on a class that deletes its volumes, or says nothing (Delete)", async () => {
    expect(await check([tenantNamespace, storageClass("Delete"), claim("hcloud-retain")])).toEqual([
      `${subject} uses storage class "hcloud-retain", whose reclaimPolicy is "Delete"; set reclaimPolicy: Retain on the class, or use one that has it`,
    ]);
    expect(await check([tenantNamespace, storageClass(), claim("hcloud-retain")])).toEqual([
      `${subject} uses storage class "hcloud-retain", whose reclaimPolicy is not set (Delete); set reclaimPolicy: Retain on the class, or use one that has it`,
    ]);
  });

  it("stops a tenant claim that names no class", async () => {
    expect(await check([tenantNamespace, storageClass("Retain"), claim()])).toEqual([
      `${subject} names no storage class, so the cluster's default (which may delete volumes) is used; name the cluster's Retain class`,
    ]);
  });

  it("takes an adopted cluster's class only from the config's list, with its reason", async () => {
    expect(await check([tenantNamespace, claim("longhorn-retain")])).toEqual([
      `${subject} uses storage class "longhorn-retain", which is neither a StorageClass of this stack on its cluster nor in externalRetainClasses; use the cluster's Retain class, or list this one in policies/config.json with the reason it retains volumes`,
    ]);
    const config = { "tenant-storage-retained": { externalRetainClasses: [{ name: "longhorn-retain", reason: "set up by hand with Retain" }] } };
    expect(await check([tenantNamespace, claim("longhorn-retain")], config)).toEqual([]);
    await expect(check([tenantNamespace, claim("longhorn-retain")], { "tenant-storage-retained": { externalRetainClasses: [{ name: "longhorn-retain" }] } })).rejects.toThrow(
      "the policy pack's config is invalid: tenant-storage-retained.externalRetainClasses.0.reason: Invalid input: expected string, received undefined",
    );
  });

  it("checks StatefulSet claim templates and PostgreSQL clusters of the tenant too", async () => {
    const statefulSet = plannedResource(
      "kubernetes:apps/v1:StatefulSet",
      { metadata: { name: "synapse", namespace: "les-semeurs" }, spec: { volumeClaimTemplates: [{ spec: { storageClassName: "hcloud-volumes" } }] } },
      { name: "synapse", provider: CLUSTER },
    );
    const database = plannedResource(
      "kubernetes:postgresql.cnpg.io/v1:Cluster",
      { metadata: { name: "db", namespace: "les-semeurs" }, spec: { instances: 2, storage: { size: "10Gi" } } },
      { name: "db", provider: CLUSTER, protect: true },
    );
    expect(await check([tenantNamespace, storageClass("Retain"), statefulSet, database])).toEqual([
      'StatefulSet les-semeurs/synapse: spec.volumeClaimTemplates[0].spec.storageClassName uses storage class "hcloud-volumes", which is neither a StorageClass of this stack on its cluster nor in externalRetainClasses; use the cluster\'s Retain class, or list this one in policies/config.json with the reason it retains volumes',
      "Cluster les-semeurs/db: spec.storage.storageClass names no storage class, so the cluster's default (which may delete volumes) is used; name the cluster's Retain class",
    ]);
  });

  it("leaves claims outside tenant namespaces alone", async () => {
    expect(await check([tenantNamespace, storageClass("Delete"), claim("hcloud-retain", "monitoring")])).toEqual([]);
  });
});
