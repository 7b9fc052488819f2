import { describe, expect, it } from "vitest";
import type { AppComponent } from "../../../components/apps/registry";
import { APP_COMPONENTS, buildApps } from "../../../components/apps/registry";
import { GRIST_CALLBACK_PATH } from "../../../components/apps/grist";
import { HEDGEDOC_CALLBACK_PATH } from "../../../components/apps/hedgedoc";
import { SYNAPSE_CALLBACK_PATH } from "../../../components/apps/matrix";
import { MOBILIZON_CALLBACK_PATH } from "../../../components/apps/mobilizon";
import type { AppName } from "../../../model/apps";
import { baselineTenant } from "../../helpers/declarations";
import { envOf, named, TENANT_URN, underTenant } from "../../helpers/tenant-context";

/** Every app of part 2, with sizes that differ from the defaults so the claims prove they read them. */
const tenant = baselineTenant({
  apps: { matrix: { mediaStorageGiB: 33 }, mobilizon: { mediaStorageGiB: 11 }, hedgedoc: { uploadsStorageGiB: 7 }, grist: { storageGiB: 13 } },
});

const CASES = [
  { app: "matrix", type: "jardin:apps:Matrix", clientId: "synapse", redirect: `https://matrix.semeurs.example${SYNAPSE_CALLBACK_PATH}`, claims: { media: 33 }, workloads: ["synapse", "element"] },
  { app: "mobilizon", type: "jardin:apps:Mobilizon", clientId: "mobilizon", redirect: `https://events.semeurs.example${MOBILIZON_CALLBACK_PATH}`, claims: { media: 11 }, workloads: ["web"] },
  { app: "hedgedoc", type: "jardin:apps:HedgeDoc", clientId: "hedgedoc", redirect: `https://pad.semeurs.example${HEDGEDOC_CALLBACK_PATH}`, claims: { uploads: 7 }, workloads: ["web"] },
  { app: "grist", type: "jardin:apps:Grist", clientId: "grist", redirect: `https://grist.semeurs.example${GRIST_CALLBACK_PATH}`, claims: { documents: 13 }, workloads: ["web"] },
] as const;

const plan = underTenant(tenant, (context, parent) => buildApps(parent, "les-semeurs", context.tenant.apps, context, APP_COMPONENTS));

describe.each(CASES)("$app", ({ app, type, clientId, redirect, claims, workloads }) => {
  const appUrn = `urn:pulumi:prod::jardin::jardin:tenant:Tenant$${type}::les-semeurs-${app}`;
  const ofApp = async () => (await plan).resources.filter((r) => r.parent === appUrn);

  it(`is a ${type} component, child of the Tenant`, async () => {
    const component = (await plan).resources.find((r) => r.urn === appUrn);
    expect(component?.parent).toBe(TENANT_URN("les-semeurs"));
  });

  it("logs in through the tenant's realm with a client whose only redirect is its callback", async () => {
    const client = named(await ofApp(), "keycloak:openid/client:Client", `les-semeurs-${app}-oidc`);
    expect(client.inputs).toMatchObject({
      clientId,
      accessType: "CONFIDENTIAL",
      validRedirectUris: [redirect],
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
    });
    // The generated password: a secret once known, never a value written in the program.
    expect(["[secret]", "[unknown]"]).toContain((client.inputs as any).clientSecret);
  });

  it("keeps its data on protected, retained claims of the Retain class, of the tenant's size, marked for volume backups", async () => {
    const pvcs = (await ofApp()).filter((r) => r.type === "kubernetes:core/v1:PersistentVolumeClaim");
    expect(Object.fromEntries(pvcs.map((p) => [p.name.replace(`les-semeurs-${app}-`, ""), [p.protect, p.retainOnDelete]]))).toEqual(
      Object.fromEntries(Object.keys(claims).map((k) => [k, [true, true]])),
    );
    for (const pvc of pvcs) {
      const key = pvc.name.replace(`les-semeurs-${app}-`, "") as keyof typeof claims;
      expect((pvc.inputs as any).spec).toEqual({
        storageClassName: "jardin-retain",
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: `${claims[key]}Gi` } },
      });
      expect((pvc.inputs as any).metadata.annotations["k8up.io/backup"]).toBe("true");
    }
  });

  it("runs hardened, probed, pinned containers whose secrets come from Kubernetes Secrets only", async () => {
    const resources = await ofApp();
    for (const component of workloads) {
      const workload = resources.find((r) => r.name === `les-semeurs-${app}-${component}` && /apps\/v1:(Deployment|StatefulSet)/.test(r.type));
      const pod = (workload?.inputs as any).spec.template.spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      for (const container of pod.containers) {
        expect(container.image).toMatch(/:v?\d+\.\d+(\.\d+)?$/);
        expect(container.securityContext).toMatchObject({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        });
        expect(container.readinessProbe).toBeDefined();
        expect(container.livenessProbe).toBeDefined();
        expect(container.resources.limits.memory).toMatch(/Mi$/);
        // A value that looks like a credential is never written in clear.
        for (const [name, value] of Object.entries(envOf(container))) {
          if (/SECRET|PASSWORD|KEY_BASE|_KEY$/.test(name)) expect(value, name).toMatch(/^secret:/);
        }
      }
    }
  });

  it("backs up its databases with CloudNativePG, protected and retained", async () => {
    const clusters = (await ofApp()).filter((r) => r.type === "kubernetes:postgresql.cnpg.io/v1:Cluster");
    for (const cluster of clusters) expect([cluster.protect, cluster.retainOnDelete, (cluster.inputs as any).spec.plugins[0].isWALArchiver]).toEqual([true, true, true]);
    expect(clusters.length).toBe(app === "grist" ? 0 : 1);
  });
});

describe("the registry", () => {
  it("builds exactly the apps a tenant file enables", async () => {
    const only = await underTenant(baselineTenant({ apps: { hedgedoc: {} } }), (context, parent) =>
      buildApps(parent, "les-semeurs", context.tenant.apps, context, APP_COMPONENTS),
    );
    expect(only.resources.filter((r) => r.type.startsWith("jardin:apps:")).map((r) => r.type)).toEqual(["jardin:apps:HedgeDoc"]);
  });

  it("knows an app for every name it lists", () => {
    for (const [name, component] of Object.entries(APP_COMPONENTS) as [AppName, AppComponent<unknown>][]) {
      expect(typeof component, name).toBe("function");
    }
  });
});
