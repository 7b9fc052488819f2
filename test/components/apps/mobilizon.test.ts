import { describe, expect, it } from "vitest";
import { Mobilizon, mobilizonConfig } from "../../../components/apps/mobilizon";
import type { AppSettings } from "../../../model/apps";
import { baselineTenant } from "../../helpers/declarations";
import { envOf, named, underTenant } from "../../helpers/tenant-context";

const plan = underTenant(baselineTenant({ apps: { mobilizon: { hostname: "agenda.semeurs.example" } } }), (context, parent, tenant) =>
  new Mobilizon("les-semeurs-mobilizon", { ...context, settings: tenant.apps.mobilizon as AppSettings["mobilizon"] }, { parent }),
);

describe("Mobilizon", () => {
  it("puts its database on CloudNativePG's PostGIS image, with the extensions created at bootstrap", async () => {
    const cluster = named((await plan).resources, "kubernetes:postgresql.cnpg.io/v1:Cluster", "les-semeurs-mobilizon-db");
    expect((cluster.inputs as any).spec.imageName).toBe("ghcr.io/cloudnative-pg/postgis:17-3.5");
    expect((cluster.inputs as any).spec.bootstrap).toEqual({
      initdb: {
        database: "mobilizon",
        owner: "mobilizon",
        postInitApplicationSQL: ["CREATE EXTENSION IF NOT EXISTS postgis;", "CREATE EXTENSION IF NOT EXISTS pg_trgm;", "CREATE EXTENSION IF NOT EXISTS unaccent;"],
      },
    });
  });

  it("sends mail through the fleet's relay and logs in through the realm, registrations closed", async () => {
    const deployment = named((await plan).resources, "kubernetes:apps/v1:Deployment", "les-semeurs-mobilizon-web").inputs as any;
    const [container] = deployment.spec.template.spec.containers;
    expect(container.image).toBe("framasoft/mobilizon:5.1.3");
    expect(envOf(container)).toMatchObject({
      MOBILIZON_CONFIG_PATH: "/etc/jardin/jardin.exs",
      MOBILIZON_INSTANCE_HOST: "agenda.semeurs.example",
      MOBILIZON_INSTANCE_REGISTRATIONS_OPEN: "false",
      MOBILIZON_INSTANCE_SECRET_KEY_BASE: "secret:mobilizon/secret-key-base",
      MOBILIZON_INSTANCE_SECRET_KEY: "secret:mobilizon/secret-key",
      MOBILIZON_DATABASE_HOST: "mobilizon-db-rw",
      MOBILIZON_DATABASE_PASSWORD: "secret:mobilizon-db-app/password",
      MOBILIZON_SMTP_SERVER: "smtp.jardin.example",
      MOBILIZON_SMTP_PORT: "587",
      MOBILIZON_SMTP_USERNAME: "relay@jardin.example",
      MOBILIZON_SMTP_PASSWORD: "secret:mobilizon/smtp-password",
      MOBILIZON_SMTP_SSL: "false",
      MOBILIZON_INSTANCE_EMAIL: "noreply@jardin.example",
      MOBILIZON_OIDC_CLIENT_SECRET: "secret:mobilizon/oidc-client-secret",
    });
    expect(container.securityContext.runAsUser).toBe(65534);
    expect(container.volumeMounts).toEqual(
      expect.arrayContaining([{ name: "media", mountPath: "/var/lib/mobilizon/uploads" }, { name: "config", mountPath: "/etc/jardin", readOnly: true }]),
    );
    const labels = deployment.spec.template.metadata.labels;
    expect(Object.keys(labels).filter((k) => k.startsWith("jardin/egress-")).sort()).toEqual(["jardin/egress-internet", "jardin/egress-smtp", "jardin/egress-sso"]);
  });

  it("logs in through the realm with the Keycloak strategy the image ships, with no secret in the ConfigMap", async () => {
    const spec = {
      issuer: "https://sso.jardin.example/realms/les-semeurs",
      clientId: "mobilizon",
      callbackUrl: "https://agenda.semeurs.example/auth/keycloak/callback",
      label: "Les Semeurs",
      scope: "openid email profile",
    };
    const realm = "https://sso.jardin.example/realms/les-semeurs/protocol/openid-connect";
    expect(mobilizonConfig(spec)).toBe(`import Config

import_config "/etc/mobilizon/config.exs"

config :ueberauth, Ueberauth,
  providers: [
    keycloak:
      {Ueberauth.Strategy.Keycloak,
       [
         default_scope: "openid email profile",
         uid_field: :sub,
         callback_url: "https://agenda.semeurs.example/auth/keycloak/callback"
       ]}
  ]

config :ueberauth, Ueberauth.Strategy.Keycloak.OAuth,
  client_id: "mobilizon",
  client_secret: System.fetch_env!("MOBILIZON_OIDC_CLIENT_SECRET"),
  site: "https://sso.jardin.example",
  authorize_url: "${realm}/auth",
  token_url: "${realm}/token",
  userinfo_url: "${realm}/userinfo"

config :mobilizon, :auth, oauth_consumer_strategies: [{:keycloak, "Les Semeurs"}]
`);
    const configMap = named((await plan).resources, "kubernetes:core/v1:ConfigMap", "les-semeurs-mobilizon-config").inputs as any;
    expect(configMap.data["jardin.exs"]).toBe(mobilizonConfig(spec));
  });

  it("keeps tzdata and the sitemap writable under the read-only root, and creates the export folders on the volume", async () => {
    const pod = (named((await plan).resources, "kubernetes:apps/v1:Deployment", "les-semeurs-mobilizon-web").inputs as any).spec.template.spec;
    const [container] = pod.containers;
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.volumeMounts).toEqual(
      expect.arrayContaining([
        { name: "tzdata", mountPath: "/var/lib/mobilizon/tzdata" },
        { name: "sitemap", mountPath: "/var/lib/mobilizon/sitemap" },
      ]),
    );
    expect(pod.volumes).toEqual(expect.arrayContaining([{ name: "tzdata", emptyDir: {} }, { name: "sitemap", emptyDir: {} }]));
    const [init] = pod.initContainers;
    expect([init.name, init.image, init.command, init.securityContext.runAsUser, init.volumeMounts]).toEqual([
      "export-folders",
      "framasoft/mobilizon:5.1.3",
      ["mkdir", "-p", "/var/lib/mobilizon/uploads/exports/csv", "/var/lib/mobilizon/uploads/exports/pdf", "/var/lib/mobilizon/uploads/exports/ods"],
      65534,
      [{ name: "media", mountPath: "/var/lib/mobilizon/uploads" }],
    ]);
  });
});
