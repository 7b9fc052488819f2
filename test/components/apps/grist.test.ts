import { describe, expect, it } from "vitest";
import { Grist } from "../../../components/apps/grist";
import type { AppSettings } from "../../../model/apps";
import { baselineTenant } from "../../helpers/declarations";
import { envOf, named, underTenant } from "../../helpers/tenant-context";

const plan = underTenant(baselineTenant({ apps: { grist: { storageGiB: 25 } } }), (context, parent, tenant) =>
  new Grist("les-semeurs-grist", { ...context, settings: tenant.apps.grist as AppSettings["grist"] }, { parent }),
);

describe("Grist", () => {
  it("runs pinned, one pod on its documents volume, the pyodide sandbox, OIDC through the realm", async () => {
    const set = named((await plan).resources, "kubernetes:apps/v1:StatefulSet", "les-semeurs-grist-web").inputs as any;
    const [container] = set.spec.template.spec.containers;
    expect([set.spec.replicas, container.image]).toEqual([1, "gristlabs/grist:1.7.17"]);
    expect(envOf(container)).toEqual({
      APP_HOME_URL: "https://grist.semeurs.example",
      GRIST_SESSION_SECRET: "secret:grist/session-secret",
      GRIST_SANDBOX_FLAVOR: "pyodide",
      GRIST_OIDC_IDP_ISSUER: "https://sso.jardin.example/realms/les-semeurs",
      GRIST_OIDC_IDP_CLIENT_ID: "grist",
      GRIST_OIDC_IDP_CLIENT_SECRET: "secret:grist/oidc-client-secret",
      GRIST_OIDC_SP_HOST: "https://grist.semeurs.example",
      GRIST_FORCE_LOGIN: "true",
      GRIST_SINGLE_ORG: "docs",
      GRIST_DEFAULT_EMAIL: "admin@semeurs.example",
      GRIST_TELEMETRY_LEVEL: "off",
      GRIST_ALLOW_AUTOMATIC_VERSION_CHECKING: "false",
    });
    expect(container.readinessProbe.httpGet).toEqual({ path: "/status", port: "http" });
    expect(container.securityContext).toMatchObject({ runAsUser: 1001, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(container.volumeMounts).toEqual([{ name: "documents", mountPath: "/persist" }, { name: "tmp", mountPath: "/tmp" }]);
  });

  it("keeps the documents on a protected claim of the tenant's size", async () => {
    const pvc = named((await plan).resources, "kubernetes:core/v1:PersistentVolumeClaim", "les-semeurs-grist-documents");
    expect([pvc.protect, pvc.retainOnDelete, (pvc.inputs as any).spec.resources.requests.storage]).toEqual([true, true, "25Gi"]);
  });
});
