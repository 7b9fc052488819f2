// The README's "Adding an app", run: a new app is one component file (here, in the test) and one
// settings schema (here too, as model/apps.ts would hold it), built through the same registry.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { scopeOf, type AppArgs } from "../../../components/apps/app";
import { buildApps, type AppComponent } from "../../../components/apps/registry";
import { oidcClient } from "../../../components/apps/oidc-client";
import { appSecret, volumeClaim, workload } from "../../../components/workload";
import { baselineTenant } from "../../helpers/declarations";
import { envOf, named, underTenant } from "../../helpers/tenant-context";

// 1. Its settings, as an entry of `appSchemas` in model/apps.ts.
const padsSchema = z.strictObject({
  /** @default `pads.<domain>` */
  hostname: z.string().optional(),
  /** @default 2 */
  storageGiB: z.number().int().min(1).default(2),
});
type PadsSettings = z.output<typeof padsSchema>;

// 2. Its component, as components/apps/pads.ts.
class Pads extends pulumi.ComponentResource {
  constructor(name: string, args: AppArgs<PadsSettings>, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:apps:Pads", name, {}, opts);
    const scope = scopeOf(this, name, "pads", args.base);
    const host = args.settings.hostname ?? `pads.${args.tenant.domain}`;
    const client = oidcClient(this, name, args.realm, { clientId: "pads", redirectUri: `https://${host}/oidc/callback`, rootUrl: `https://${host}`, loginPath: "/oidc/login" });
    const session = new random.RandomPassword(`${name}-session`, { length: 32, special: false }, { parent: this });
    const secret = appSecret(scope, { "oidc-client-secret": client.clientSecret, session: session.result });
    const data = volumeClaim(scope, { key: "data", sizeGiB: args.settings.storageGiB });
    workload(
      scope,
      "web",
      {
        containers: [
          {
            name: "pads",
            image: "example/pads:1.0.0",
            env: { OIDC_ISSUER: client.issuer, OIDC_CLIENT_SECRET: { secretKey: "oidc-client-secret" }, SESSION: { secretKey: "session" } },
            ports: [{ name: "http", containerPort: 8080 }],
            readiness: { http: "/health", port: "http" },
            resources: { cpuMillis: 20, memoryMiB: 64 },
            mounts: [{ name: data.volume.name, mountPath: "/data" }],
          },
        ],
        volumes: [data.volume],
        egress: ["sso"],
        ports: [{ name: "http", port: 80, targetPort: "http" }],
        routes: [{ host }],
      },
      secret.name,
    );
    this.registerOutputs({});
  }
}

// 3. Its line in the registry, as APP_COMPONENTS in components/apps/registry.ts.
const registry: { pads: AppComponent<PadsSettings> } = { pads: Pads };

describe("adding an app", () => {
  it("takes one component, one schema entry and one registry line, and gets the whole building block", async () => {
    const { resources } = await underTenant(baselineTenant({ apps: {} }), (context, parent) =>
      buildApps(parent, "les-semeurs", { pads: padsSchema.parse({}) }, context, registry),
    );
    const mine = resources.filter((r) => r.urn.includes("jardin:apps:Pads")).map((r) => `${r.type} ${r.name}`);
    expect(mine.sort()).toEqual([
      "jardin:apps:Pads les-semeurs-pads",
      "keycloak:openid/client:Client les-semeurs-pads-oidc",
      "kubernetes:apps/v1:Deployment les-semeurs-pads-web",
      "kubernetes:core/v1:PersistentVolumeClaim les-semeurs-pads-data",
      "kubernetes:core/v1:Secret les-semeurs-pads-secret",
      "kubernetes:core/v1:Service les-semeurs-pads-web",
      "kubernetes:networking.k8s.io/v1:Ingress les-semeurs-pads-web",
      "random:index/randomPassword:RandomPassword les-semeurs-pads-oidc-secret",
      "random:index/randomPassword:RandomPassword les-semeurs-pads-session",
    ]);
    const pvc = named(resources, "kubernetes:core/v1:PersistentVolumeClaim", "les-semeurs-pads-data");
    expect([pvc.protect, pvc.retainOnDelete, (pvc.inputs as any).spec.storageClassName]).toEqual([true, true, "jardin-retain"]);
    const [container] = (named(resources, "kubernetes:apps/v1:Deployment", "les-semeurs-pads-web").inputs as any).spec.template.spec.containers;
    expect(envOf(container)).toEqual({
      OIDC_ISSUER: "https://sso.jardin.example/realms/les-semeurs",
      OIDC_CLIENT_SECRET: "secret:pads/oidc-client-secret",
      SESSION: "secret:pads/session",
    });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  it("builds nothing for an app the tenant file leaves out", async () => {
    const { resources } = await underTenant(baselineTenant({ apps: {} }), (context, parent) => buildApps(parent, "les-semeurs", {}, context, registry));
    expect(resources.filter((r) => r.type === "jardin:apps:Pads")).toEqual([]);
  });
});
