import * as k8s from "@pulumi/kubernetes";
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AppArgs, TenantScope } from "../../components/apps/app";
import type { FleetServices } from "../../model/contract/platform";
import { tenantLabels } from "../../model/contract/tenant-labels";
import { tenantRealm } from "../../components/tenant/realm";
import { PodBudget } from "../../components/workload/budget";
import { placementOf } from "../../components/workload/placement";
import { tenantSchema, type Tenant, type TenantInput } from "../../model/tenant";
import { runUnderMocks } from "../../scripts/plan/mock-runtime";
import type { SnapshotResource } from "../../scripts/plan/snapshot";
import { TEST_PLATFORM } from "./app-scope";

export const TENANT_URN = (id: string) => `urn:pulumi:prod::jardin::jardin:tenant:Tenant::${id}`;
export const SSO_URL = "https://sso.jardin.example";

/** The fleet's services as the program hands them to tenants, with stand-in secrets. */
export function testServices(): FleetServices {
  return {
    sso: { provider: new keycloak.Provider("sso", { url: SSO_URL, clientId: "admin-cli", realm: "master", initialLogin: false }), url: SSO_URL },
    smtp: { host: "smtp.jardin.example", port: 587, username: "relay@jardin.example", from: "noreply@jardin.example", password: pulumi.secret("smtp-pass") },
    backups: {
      bucket: "jardin-prod-backups",
      endpoint: "https://hel1.your-objectstorage.com",
      region: "hel1",
      accessKeyId: pulumi.secret("backups-key-id"),
      secretAccessKey: pulumi.secret("backups-secret"),
    },
  };
}

export type AppContext = Omit<AppArgs<unknown>, "settings">;

/**
 * What an app registers for a tenant, built as the Tenant builds it: under a stand-in Tenant
 * component, with the tenant's realm, scope and the fleet's services.
 */
export async function underTenant(
  input: TenantInput,
  build: (context: AppContext, parent: pulumi.Resource, tenant: Tenant) => void,
): Promise<{ resources: SnapshotResource[]; budget: PodBudget }> {
  const tenant = tenantSchema.parse(input);
  const budget = new PodBudget();
  const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    const provider = new k8s.Provider("test-cluster", { kubeconfig: "{}" });
    const parent = new pulumi.ComponentResource("jardin:tenant:Tenant", tenant.id, {}, { providers: [new random.Provider("random")] });
    const services = testServices();
    const realm = tenantRealm(parent, tenant.id, tenant, services.sso, services.smtp);
    const base: TenantScope = {
      namespace: tenant.id,
      provider,
      labels: tenantLabels(tenant),
      platform: TEST_PLATFORM,
      placement: placementOf(tenant),
      state: tenant.state,
      budget,
    };
    build({ tenant, base, realm, services }, parent, tenant);
  });
  return { resources: run.resources, budget };
}

/** The one resource of this type and name. */
export function named(resources: readonly SnapshotResource[], type: string, name: string): SnapshotResource {
  const found = resources.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}; have:\n${resources.map((r) => `${r.type} ${r.name}`).join("\n")}`);
  return found[0]!;
}

/** Env of a container as name → value or `secret:<secret>/<key>`, for compact assertions. */
export function envOf(container: { env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[] }): Record<string, string> {
  return Object.fromEntries(
    container.env.map((e) => [e.name, e.valueFrom === undefined ? e.value! : `secret:${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`]),
  );
}
