import * as k8s from "@pulumi/kubernetes";
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SharedServices } from "../../model/contract/platform";
import { Tenant } from "../../components/tenant/tenant";
import { tenantSchema, type TenantInput } from "../../model/tenant";
import { runUnderMocks } from "../../scripts/plan/mock-runtime";
import type { SnapshotResource } from "../../scripts/plan/snapshot";
import { TEST_PLATFORM } from "./app-scope";
import { baselineTenant } from "./declarations";

export const TENANT_URN = "urn:pulumi:prod::jardin::jardin:tenant:Tenant::les-semeurs";
export const K8S_PROVIDER_URN = "urn:pulumi:prod::jardin::pulumi:providers:kubernetes::test-cluster";
export const SSO_PROVIDER_URN = "urn:pulumi:prod::jardin::pulumi:providers:keycloak::sso";
export const SSO_ADDRESS = "198.51.100.7";
export const VIDEOBRIDGE_PORT = 31234;

function testServices(): SharedServices {
  return {
    sso: { provider: new keycloak.Provider("sso", { url: "https://sso.jardin.example", initialLogin: false }), url: "https://sso.jardin.example" },
    mailRelay: { host: "smtp.jardin.example", port: 587, senderDomain: "mail.jardin.example" },
    backups: {
      bucket: "jardin-backups",
      endpoint: "https://hel1.your-objectstorage.com",
      region: "hel1",
      accessKeyId: pulumi.secret("access-key"),
      secretAccessKey: pulumi.secret("secret-key"),
    },
  };
}

/** Every resource a Tenant registers for one tenant file (providers left out). */
export async function tenantResources(overrides: Partial<TenantInput> = {}): Promise<SnapshotResource[]> {
  const tenant = tenantSchema.parse(baselineTenant(overrides));
  const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    const provider = new k8s.Provider("test-cluster", { kubeconfig: "{}" });
    const randomProvider = new random.Provider("random");
    new Tenant(
      tenant.id,
      { tenant, provider, platform: TEST_PLATFORM, services: testServices(), ssoAddress: SSO_ADDRESS, videobridgePort: VIDEOBRIDGE_PORT },
      { providers: [randomProvider] },
    );
  });
  return run.resources.filter((r) => !r.type.startsWith("pulumi:providers:"));
}

export function named(resources: readonly SnapshotResource[], name: string): SnapshotResource {
  const found = resources.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no resource ${name}; have: ${resources.map((r) => r.name).join(", ")}`);
  return found;
}
