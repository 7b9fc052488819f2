import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import { tenantLabels } from "../../../model/contract/tenant-labels";
import { volumeBackups } from "../../../components/tenant/backups";
import { PodBudget } from "../../../components/workload/budget";
import { tenantSchema, type TenantInput } from "../../../model/tenant";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import { TEST_PLATFORM } from "../../helpers/app-scope";
import { customResourceProblems } from "../../../scripts/contracts/check-custom-resource";
import { findCrd, loadCrdContracts } from "../../../scripts/contracts/contracts";
import { baselineTenant, ROOT_DIR } from "../../helpers/declarations";
import { named, testServices } from "../../helpers/tenant-context";

async function backupsOf(overrides: Partial<TenantInput>) {
  const tenant = tenantSchema.parse(baselineTenant(overrides));
  const budget = new PodBudget();
  const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    const provider = new k8s.Provider("test-cluster", { kubeconfig: "{}" });
    const parent = new pulumi.ComponentResource("jardin:tenant:Tenant", tenant.id, {}, { providers: [new random.Provider("random")] });
    volumeBackups(parent, tenant.id, {
      tenant,
      realm: { shared: new Map() },
      namespace: tenant.id,
      provider,
      labels: tenantLabels(tenant),
      platform: TEST_PLATFORM,
      backups: testServices().backups,
      budget,
    });
  });
  return { resources: run.resources, budget };
}

describe("volume backups", () => {
  it("schedules a restic backup of the tenant's claims on its file's schedule, keeping its retention in days", async () => {
    const { resources } = await backupsOf({ backups: { schedule: "0 1 * * *", retentionDays: 90 } });
    const schedule = named(resources, "kubernetes:k8up.io/v1:Schedule", "les-semeurs-volume-backups-schedule").inputs as any;
    expect(schedule.metadata).toMatchObject({ name: "volume-backups", namespace: "les-semeurs" });
    expect(schedule.spec).toEqual({
      backend: {
        repoPasswordSecretRef: { name: "volume-backups", key: "repo-password" },
        s3: {
          endpoint: "https://hel1.your-objectstorage.com",
          bucket: "jardin-prod-backups/les-semeurs/volumes",
          accessKeyIDSecretRef: { name: "volume-backups", key: "access-key-id" },
          secretAccessKeySecretRef: { name: "volume-backups", key: "secret-access-key" },
        },
      },
      podConfigRef: { name: "volume-backups" },
      podSecurityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      backup: { schedule: "0 1 * * *" },
      prune: { schedule: "@weekly-random", retention: { keepDaily: 90 } },
      check: { schedule: "@monthly-random" },
    });
  });

  it("runs its pods hardened for the restricted namespace, reaching object storage only", async () => {
    const { resources, budget } = await backupsOf({});
    const podConfig = named(resources, "kubernetes:k8up.io/v1:PodConfig", "les-semeurs-volume-backups-pod").inputs as any;
    // k8up 2.15 gives the pods the PodConfig's own labels: the tenant's internet egress policy selects them.
    expect(podConfig.metadata).toEqual({
      name: "volume-backups",
      namespace: "les-semeurs",
      labels: { ...tenantLabels(tenantSchema.parse(baselineTenant())), "jardin/egress-internet": "allow" },
    });
    expect(podConfig.spec).toEqual({
      template: {
        spec: {
          priorityClassName: "jardin-export",
          automountServiceAccountToken: false,
          // This list replaces the job's containers: the resources must be here.
          containers: [
            {
              name: "k8up",
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
              resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
            },
          ],
        },
      },
    });
    expect(resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy")).toEqual([]);
    expect(budget.egress).toEqual(["internet"]);
    expect(budget.footprints).toEqual([{ app: "volume-backups", owner: "volume-backups/restic", pods: 1, cpuMillis: 100, memoryMiB: 256, memoryLimitMiB: 512 }]);
  });

  it("keeps every field of the PodConfig, the Schedule and a stopped tenant's last Backup through k8up's CRDs, at the pinned version (the API server prunes the rest)", async () => {
    const active = await backupsOf({});
    const suspended = await backupsOf({ state: "suspended" });
    const crds = loadCrdContracts(ROOT_DIR);
    for (const [kind, resources] of [["PodConfig", active.resources], ["Schedule", active.resources], ["Backup", suspended.resources]] as const) {
      const object = resources.find((r) => r.type === `kubernetes:k8up.io/v1:${kind}`)!.inputs;
      const { schema, set } = findCrd(crds, "k8up.io/v1", kind)!;
      expect(set.source).toMatchObject({ repository: "k8up-io/k8up", tag: "k8up-4.9.0" });
      expect(customResourceProblems(schema, object, kind)).toEqual([]);
    }
  });

  it("would lose the egress label if it were set on the PodConfig's template, as the CRD prunes it", async () => {
    const { resources } = await backupsOf({});
    const podConfig = resources.find((r) => r.type === "kubernetes:k8up.io/v1:PodConfig")!.inputs as any;
    const { schema } = findCrd(loadCrdContracts(ROOT_DIR), "k8up.io/v1", "PodConfig")!;
    const templated = { ...podConfig, spec: { template: { ...podConfig.spec.template, metadata: { labels: { "jardin/egress-internet": "allow" } } } } };
    expect(customResourceProblems(schema, templated, "PodConfig")).toEqual([
      "PodConfig: spec.template.metadata.labels is not in the CRD's schema: the API server prunes it",
    ]);
  });

  it("keeps the repository's password, without which no backup can be read, beyond the tenant file", async () => {
    const { resources } = await backupsOf({});
    const password = named(resources, "random:index/randomPassword:RandomPassword", "les-semeurs-volume-backups-password");
    expect([password.protect, password.retainOnDelete]).toEqual([true, true]);
    // The exports' passphrase too: exports are encrypted with it (scripts/export/jobs.ts).
    const exportPassword = named(resources, "random:index/randomPassword:RandomPassword", "les-semeurs-exports-password");
    expect([exportPassword.protect, exportPassword.retainOnDelete, exportPassword.inputs]).toEqual([true, true, { length: 48, special: false }]);
    const secret = named(resources, "kubernetes:core/v1:Secret", "les-semeurs-volume-backups");
    expect(secret.retainOnDelete).toBe(true);
    expect(["[secret]", "[unknown]"]).toContain((secret.inputs as any).stringData);
  });

  it.each(["suspended", "archived"] as const)("keeps backing up a %s tenant, its pods in the class its lifecycle quota admits", async (state) => {
    const { resources, budget } = await backupsOf({ state });
    expect(resources.filter((r) => r.type.startsWith("kubernetes:k8up.io")).map((r) => [r.type, r.name])).toEqual([
      ["kubernetes:k8up.io/v1:Backup", `les-semeurs-volume-backups-on-${state}`],
      ["kubernetes:k8up.io/v1:PodConfig", "les-semeurs-volume-backups-pod"],
      ["kubernetes:k8up.io/v1:Schedule", "les-semeurs-volume-backups-schedule"],
    ]);
    expect((named(resources, "kubernetes:k8up.io/v1:PodConfig", "les-semeurs-volume-backups-pod").inputs as any).spec.template.spec.priorityClassName).toBe("jardin-export");
    expect(resources.map((r) => r.type)).toContain("random:index/randomPassword:RandomPassword");
    expect(budget.footprints).toEqual([{ app: "volume-backups", owner: "volume-backups/restic", pods: 1, cpuMillis: 100, memoryMiB: 256, memoryLimitMiB: 512 }]);
    // An archived tenant's data must still be able to leave: export pods use the same way out.
    expect(budget.egress).toEqual(["internet"]);
  });
});
