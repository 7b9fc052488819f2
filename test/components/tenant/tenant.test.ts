import { describe, expect, it } from "vitest";
import { APPS_QUOTA_NAME, LIFECYCLE_QUOTA_NAME } from "../../../components/tenant/tenant";
import { byType, inputs } from "../../helpers/app-scope";
import { K8S_PROVIDER_URN, named, TENANT_URN, tenantResources } from "../../helpers/tenant";

const STATEFUL = [
  "kubernetes:core/v1:Namespace",
  "kubernetes:core/v1:PersistentVolumeClaim",
  "kubernetes:postgresql.cnpg.io/v1:Cluster",
  "keycloak:index/realm:Realm",
];

describe("Tenant", () => {
  it("registers as jardin:tenant:Tenant with its namespace as a protected, retained child", async () => {
    const resources = await tenantResources();
    const namespace = named(resources, "les-semeurs-namespace");
    expect([namespace.type, namespace.parent, namespace.provider, namespace.protect, namespace.retainOnDelete]).toEqual([
      "kubernetes:core/v1:Namespace",
      TENANT_URN,
      K8S_PROVIDER_URN,
      true,
      true,
    ]);
    expect(named(resources, "les-semeurs").type).toBe("jardin:tenant:Tenant");
  });

  it("labels a dedicated tenant's namespace with its plan and puts its pods on its pool", async () => {
    const resources = await tenantResources({ plan: { kind: "dedicated", serverType: "cpx42", count: 2 } });
    expect(inputs(named(resources, "les-semeurs-namespace")).metadata.labels["jardin/plan"]).toBe("dedicated");
    for (const deployment of byType(resources, "kubernetes:apps/v1:Deployment")) {
      expect(inputs(deployment).spec.template.spec.nodeSelector).toEqual({ "jardin/tenant": "les-semeurs" });
    }
    expect(inputs(named(resources, "les-semeurs-nextcloud-db")).spec.affinity.nodeSelector).toEqual({ "jardin/tenant": "les-semeurs" });
  });

  it("stays near 70 resources with Nextcloud, an office suite and Jitsi", async () => {
    // 5 of them are the volume backups: repository and export passwords, Secret, PodConfig, Schedule; 2
    // the tenant's relay account (its password and the Secret holding it); 10 the
    // realm's login flows that require a one-time code (MFA required). OnlyOffice runs in a
    // namespace of its own, with its own quota, limits and NetworkPolicies.
    expect((await tenantResources({ apps: { nextcloud: { office: "collabora" }, jitsi: {} } })).length).toBe(66);
    expect((await tenantResources({ apps: { nextcloud: { office: "onlyoffice" }, jitsi: {} } })).length).toBe(73);
  });

  it("protects and retains every stateful resource, in every state", async () => {
    for (const state of ["active", "suspended", "archived"] as const) {
      const stateful = (await tenantResources({ state })).filter((r) => STATEFUL.includes(r.type));
      expect(stateful.map((r) => r.type).sort()).toEqual([...STATEFUL].sort());
      expect(stateful.every((r) => r.protect && r.retainOnDelete)).toBe(true);
    }
  });

  it("derives the quota from the apps' pods and caps containers at the largest one", async () => {
    const resources = await tenantResources();
    const quota = inputs(named(resources, "les-semeurs-quota"));
    expect(quota.metadata.name).toBe(APPS_QUOTA_NAME);
    expect(quota.metadata.annotations["jardin/derived-from"]).toBe(
      "nextcloud/database×3 nextcloud/web×1 nextcloud/redis×2 nextcloud/cron×1 nextcloud/office×2 jitsi/meet×1 volume-backups/restic×1 export/jobs×1 cert-manager/http01-solver×3",
    );
    // database 100m/256Mi/512Mi ×3, web 300m/576Mi/1152Mi (php + nginx), redis 50m/128Mi/256Mi ×2
    // (one surging), cron 100m/256Mi/1024Mi, office 500m/1024Mi/2048Mi ×2, meet 770m/1408Mi/3200Mi,
    // volume backups 100m/256Mi/512Mi, one export Job (Nextcloud's files and database) 100m/256Mi/512Mi,
    // one cert-manager HTTP-01 solver per host (cloud., office., visio.) 10m/64Mi/64Mi.
    expect(quota.spec.hard).toEqual({
      pods: "15",
      "requests.cpu": "2800m",
      "requests.memory": "6016Mi",
      "limits.memory": "12736Mi",
    });
    expect(inputs(named(resources, "les-semeurs-limits")).spec.limits).toEqual([
      { type: "Container", defaultRequest: { cpu: "50m", memory: "64Mi" }, default: { memory: "128Mi" }, max: { memory: "3200Mi" } },
    ]);
  });

  it("keeps a suspended tenant's data, realm and workloads at zero, and answers its hostnames with the maintenance page", async () => {
    const resources = await tenantResources({ state: "suspended" });
    expect(inputs(named(resources, "les-semeurs-lifecycle"))).toMatchObject({ metadata: { name: LIFECYCLE_QUOTA_NAME }, spec: { hard: { pods: "0" } } });
    expect(byType(resources, "kubernetes:apps/v1:Deployment").map((d) => inputs(d).spec.replicas)).toEqual([0, 0, 0, 0]);
    expect(inputs(named(resources, "les-semeurs-nextcloud-cron")).spec.suspend).toBe(true);
    // Its database keeps running and backing up (test/components/tenant/lifecycle.test.ts).
    expect(inputs(named(resources, "les-semeurs-nextcloud-db-backup")).spec.suspend).toBe(false);
    const ingresses = byType(resources, "kubernetes:networking.k8s.io/v1:Ingress");
    expect(ingresses.map((i) => [i.name, inputs(i).metadata.namespace])).toEqual([["les-semeurs-maintenance", "jardin"]]);
    expect(inputs(ingresses[0]!).spec.rules.map((r: { host: string }) => r.host)).toEqual(["cloud.semeurs.example", "office.semeurs.example", "visio.semeurs.example"]);
    expect(inputs(ingresses[0]!).spec.rules[0].http.paths[0].backend).toEqual({ service: { name: "maintenance", port: { name: "http" } } });
  });

  it("removes an archived tenant's workloads and keeps its data, its backups running and its realm", async () => {
    const resources = await tenantResources({ state: "archived" });
    for (const type of ["kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:CronJob", "kubernetes:networking.k8s.io/v1:Ingress"]) {
      expect(byType(resources, type)).toEqual([]);
    }
    expect(byType(resources, "kubernetes:barmancloud.cnpg.io/v1:ObjectStore")).toHaveLength(1);
    expect(byType(resources, "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup")).toHaveLength(1);
    expect(inputs(named(resources, "les-semeurs-lifecycle")).spec.hard).toEqual({ pods: "0" });
    // What still runs: the database (3 with its standby's clone), the volume backup, the export.
    expect(inputs(named(resources, "les-semeurs-quota")).metadata.annotations["jardin/derived-from"]).toBe("nextcloud/database×3 volume-backups/restic×1 export/jobs×1");
    expect(inputs(named(resources, "les-semeurs-quota")).spec.hard.pods).toBe("5");
  });

  it("adds no lifecycle quota to an active tenant", async () => {
    expect((await tenantResources({ state: "active" })).map((r) => r.name)).not.toContain("les-semeurs-lifecycle");
  });
});
