import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AppSettings } from "../../model/apps";
import { hostnameOf } from "../../model/hostnames";
import { oidcClient } from "./oidc-client";
import { appLabels, childOptions } from "../workload/scope";
import { appSecret, backupCredentialEntries, postgres, volumeClaim, workload } from "../workload";
import { scopeOf, type AppArgs } from "./app";
import { keycloakEndpoints } from "./keycloak-endpoints";

/**
 * Pinned at the newest release whose source could be read (framasoft/mobilizon's mirror of
 * framagit, tag 5.1.3): its docker/production/Dockerfile runs the release as `nobody` on port 4000
 * and its config/docker.exs is the list of MOBILIZON_* variables the image reads.
 */
export const MOBILIZON_IMAGE = "framasoft/mobilizon:5.1.3";
const NOBODY = 65534;

/** Mobilizon needs PostGIS: CloudNativePG's own image with it. https://github.com/cloudnative-pg/postgis-containers */
export const POSTGIS_IMAGE = "ghcr.io/cloudnative-pg/postgis:17-3.5";

/** Ueberauth's callback for the provider named `keycloak`: `/auth/<provider>/callback`. */
export const MOBILIZON_CALLBACK_PATH = "/auth/keycloak/callback";
/**
 * Where its login starts: ueberauth's request phase, `get("/auth/:provider", AuthController,
 * :request)` in the `:browser` pipeline (accepts HTML) of lib/web/router.ex (framasoft/mobilizon).
 */
export const MOBILIZON_LOGIN_PATH = "/auth/keycloak";

/**
 * Where the image keeps what it writes besides uploads (docker/production/Dockerfile and
 * config/docker.exs at 5.1.3): tzdata unpacks and updates its time zone database in its data
 * directory at start, the sitemap is regenerated into its folder (config/config.exs,
 * `Mobilizon.Service.SiteMap`). Both are caches: emptyDirs under the read-only root.
 */
export const MOBILIZON_WRITABLE = { tzdata: "/var/lib/mobilizon/tzdata", sitemap: "/var/lib/mobilizon/sitemap" } as const;

/** The uploads volume, and the export folders the PDF and ODS exporters write into without creating them. */
export const MOBILIZON_UPLOADS = "/var/lib/mobilizon/uploads";
const EXPORT_FOLDERS = ["csv", "pdf", "ods"].map((format) => `${MOBILIZON_UPLOADS}/exports/${format}`);

/**
 * Loaded through MOBILIZON_CONFIG_PATH (lib/mobilizon/config_provider.ex at 5.1.3): the image's
 * own config first (all its MOBILIZON_* variables), then login through the realm with the
 * ueberauth Keycloak strategy the image ships (mix.exs: `ueberauth_keycloak_strategy ~> 0.4.0`;
 * its keys in lib/ueberauth/strategy/keycloak{,/oauth}.ex of Rukenshia/ueberauth_keycloak 0.4.0).
 * The strategy sends no PKCE and asks `default_scope`; ueberauth 0.10.8 takes the callback URL
 * as given (`callback_url` provider option, lib/ueberauth.ex), so it never depends on the scheme
 * the proxy forwards. No secret here: the client secret is read from the env.
 * https://docs.mobilizon.org/3.%20System%20administration/configure/auth/
 */
export function mobilizonConfig(spec: { issuer: string; clientId: string; callbackUrl: string; label: string; scope: string }): string {
  const endpoints = keycloakEndpoints(spec.issuer);
  return `import Config

import_config "/etc/mobilizon/config.exs"

config :ueberauth, Ueberauth,
  providers: [
    keycloak:
      {Ueberauth.Strategy.Keycloak,
       [
         default_scope: ${JSON.stringify(spec.scope)},
         uid_field: :sub,
         callback_url: ${JSON.stringify(spec.callbackUrl)}
       ]}
  ]

config :ueberauth, Ueberauth.Strategy.Keycloak.OAuth,
  client_id: ${JSON.stringify(spec.clientId)},
  client_secret: System.fetch_env!("MOBILIZON_OIDC_CLIENT_SECRET"),
  site: ${JSON.stringify(new URL(spec.issuer).origin)},
  authorize_url: ${JSON.stringify(endpoints.authorization)},
  token_url: ${JSON.stringify(endpoints.token)},
  userinfo_url: ${JSON.stringify(endpoints.userinfo)}

config :mobilizon, :auth, oauth_consumer_strategies: [{:keycloak, ${JSON.stringify(spec.label)}}]
`;
}

/**
 * Mobilizon (events): PostgreSQL with PostGIS on CloudNativePG, pictures on a retained volume,
 * login through the tenant's realm (no open registrations), mail through the fleet's relay, and
 * federation with other instances (ActivityPub over HTTPS).
 */
export class Mobilizon extends pulumi.ComponentResource {
  constructor(name: string, args: AppArgs<AppSettings["mobilizon"]>, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:apps:Mobilizon", name, {}, opts);
    const { tenant, settings, services } = args;
    const scope = scopeOf(this, name, "mobilizon", args.base);
    const host = hostnameOf(tenant, "mobilizon")!;
    const url = `https://${host}`;
    const password = (key: string) => new random.RandomPassword(`${name}-${key}`, { length: 64, special: false }, { parent: this }).result;

    // No PKCE, no logout at Keycloak, no back-channel logout: the Keycloak strategy has none.
    const client = oidcClient(this, name, args.realm, {
      clientId: "mobilizon",
      redirectUri: `${url}${MOBILIZON_CALLBACK_PATH}`,
      rootUrl: url,
      loginPath: MOBILIZON_LOGIN_PATH,
      pkce: "none",
      postLogoutRedirectUris: [],
    });
    const secret = appSecret(scope, {
      "secret-key-base": password("secret-key-base"),
      "secret-key": password("secret-key"),
      "oidc-client-secret": client.clientSecret,
      "smtp-password": services.smtp.password,
      ...backupCredentialEntries(services.backups),
    });
    const media = volumeClaim(scope, { key: "media", sizeGiB: settings.mediaStorageGiB });
    const db = postgres(scope, {
      image: POSTGIS_IMAGE,
      extensions: ["postgis", "pg_trgm", "unaccent"],
      backups: tenant.backups,
      services,
      secretName: secret.name,
    });
    const config = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      {
        metadata: { name: "mobilizon-config", namespace: scope.namespace, labels: appLabels(scope, "config") },
        data: {
          "jardin.exs": mobilizonConfig({
            issuer: client.issuer,
            clientId: client.clientId,
            callbackUrl: `${url}${MOBILIZON_CALLBACK_PATH}`,
            label: tenant.name,
            scope: "openid email profile",
          }),
        },
      },
      childOptions(scope),
    );

    const mobilizon = { image: MOBILIZON_IMAGE, runAsUser: NOBODY };
    workload(
      scope,
      "web",
      {
        // The volume hides the image's own export folders; the exporters expect them.
        initContainers: [
          {
            ...mobilizon,
            name: "export-folders",
            command: ["mkdir", "-p", ...EXPORT_FOLDERS],
            resources: { cpuMillis: 10, memoryMiB: 16 },
            mounts: [{ name: media.volume.name, mountPath: MOBILIZON_UPLOADS }],
          },
        ],
        containers: [
          {
            ...mobilizon,
            name: "mobilizon",
            env: {
              MOBILIZON_CONFIG_PATH: "/etc/jardin/jardin.exs",
              MOBILIZON_INSTANCE_NAME: tenant.name,
              MOBILIZON_INSTANCE_HOST: host,
              MOBILIZON_INSTANCE_PORT: "4000",
              MOBILIZON_INSTANCE_SECRET_KEY_BASE: { secretKey: "secret-key-base" },
              MOBILIZON_INSTANCE_SECRET_KEY: { secretKey: "secret-key" },
              // Accounts come from the realm only.
              MOBILIZON_INSTANCE_REGISTRATIONS_OPEN: "false",
              MOBILIZON_INSTANCE_EMAIL: services.smtp.from,
              MOBILIZON_REPLY_EMAIL: tenant.contact,
              MOBILIZON_DATABASE_HOST: db.host,
              MOBILIZON_DATABASE_PORT: "5432",
              MOBILIZON_DATABASE_DBNAME: db.database,
              MOBILIZON_DATABASE_USERNAME: db.user,
              MOBILIZON_DATABASE_PASSWORD: db.password,
              MOBILIZON_SMTP_SERVER: services.smtp.host,
              MOBILIZON_SMTP_PORT: String(services.smtp.port),
              MOBILIZON_SMTP_USERNAME: services.smtp.username,
              MOBILIZON_SMTP_PASSWORD: { secretKey: "smtp-password" },
              // 465 speaks TLS from the first byte; 587 upgrades with STARTTLS.
              MOBILIZON_SMTP_SSL: String(services.smtp.port === 465),
              MOBILIZON_OIDC_CLIENT_SECRET: { secretKey: "oidc-client-secret" },
              // The release unpacks its runtime files here; the image's own folder is read-only.
              RELEASE_TMP: "/tmp",
            },
            ports: [{ name: "http", containerPort: 4000 }],
            readiness: { http: "/.well-known/nodeinfo", port: "http" },
            // The entrypoint migrates the database first.
            startupSeconds: 300,
            resources: { cpuMillis: 100, memoryMiB: 384 },
            scratch: { tmp: "/tmp", ...MOBILIZON_WRITABLE },
            mounts: [
              { name: media.volume.name, mountPath: MOBILIZON_UPLOADS },
              { name: "config", mountPath: "/etc/jardin", readOnly: true },
            ],
          },
        ],
        volumes: [media.volume, { name: "config", configMap: { name: config.metadata.name } }],
        fsGroup: NOBODY,
        // Federation and link previews (443), login, mail.
        egress: ["sso", "smtp", "internet"],
        ports: [{ name: "http", port: 80, targetPort: "http" }],
        routes: [{ host }],
      },
      secret.name,
    );
    this.registerOutputs({});
  }
}
