import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AppSettings } from "../../model/apps";
import { hostnameOf } from "../../model/hostnames";
import { oidcClient } from "./oidc-client";
import { appLabels, childOptions } from "../workload/scope";
import { appSecret, backupCredentialEntries, cronJob, postgres, volumeClaim, workload, type ContainerSpec, type EnvValue } from "../workload";
import { scopeOf, splitAddress, type AppArgs } from "./app";
import { CONFIGURE_HOOK, NEXTCLOUD_JARDIN_DIR, NGINX_CONF, REDIS_CONFIG_PHP } from "./nextcloud-files";
import { collabora } from "./collabora";
import { onlyoffice } from "./onlyoffice";

/** Pinned images. https://hub.docker.com/_/nextcloud (34.0.2, fpm on Alpine: php-fpm runs as www-data) */
export const NEXTCLOUD_IMAGES = {
  nextcloud: "nextcloud:34.0.2-fpm-alpine",
  // Listens on 8080 and runs as uid 101: https://github.com/nginx/docker-nginx-unprivileged
  nginx: "nginxinc/nginx-unprivileged:1.29.8-alpine",
  // Redis's libre fork, uid 999: https://hub.docker.com/r/valkey/valkey
  valkey: "valkey/valkey:8.1.4-alpine",
} as const;

/** www-data on Alpine: owns the files volume. */
const WWW_DATA = 82;
const VALKEY_USER = 999;
const VALKEY_CONFIG_PATH = "/etc/valkey/valkey.conf";

/** Valkey's config file: a cache, nothing saved to disk (a restart starts empty), a password. */
export function valkeyConfig(password: string): string {
  return `save ""\nappendonly no\nrequirepass ${password}\n`;
}
const NGINX_USER = 101;

/**
 * What user_oidc sends and serves (lib/Controller/LoginController.php and appinfo/routes.php at
 * nextcloud/user_oidc v8.10.1, the newest release for Nextcloud 34; occ installs it from the app
 * store). It builds its callback with `linkToRouteAbsolute('user_oidc.login.code')`, and
 * Nextcloud's router drops `/index.php` from every route when the web server sets
 * `front_controller_active` (lib/private/Route/Router.php, constructor), as our nginx does
 * (nextcloud-files.ts): so the callback is `/apps/user_oidc/code`. It sends PKCE (S256) whenever
 * the discovery document offers it, as Keycloak's does; at logout it sends the post-logout URI it
 * is given (`--postlogouturi`); it takes back-channel logout tokens at
 * `/apps/user_oidc/backchannel-logout/<provider>`.
 */
export const NEXTCLOUD_OIDC = {
  provider: "jardin",
  callbackPath: "/apps/user_oidc/code",
  postLogoutPath: "/",
  backchannelLogoutPath: "/apps/user_oidc/backchannel-logout/jardin",
  scope: "openid email profile",
  /**
   * Where a login starts: with one provider and `allow_multiple_user_backends` 0 (nextcloud-files.ts),
   * user_oidc sends a top-level GET of `/login` to `/apps/user_oidc/login/<provider id>`
   * (lib/AppInfo/Application.php, registerRedirect, at v8.10.1), which redirects to the provider.
   */
  loginPath: "/login",
} as const;

/**
 * What answers when Nextcloud runs: core's `status.php` (200 with `installed`, `maintenance`),
 * which our nginx hands to PHP as it is, `status` being among the scripts it does not rewrite to
 * index.php (nextcloud-files.ts).
 */
export const NEXTCLOUD_HEALTH_PATH = "/status.php";

/**
 * Nextcloud: php-fpm behind nginx in one pod sharing the files volume, Valkey for caches and
 * locks, PostgreSQL on CloudNativePG, background jobs every five minutes, login through the
 * tenant's realm, mail through the fleet's relay, and the office suite the tenant file names.
 */
export class Nextcloud extends pulumi.ComponentResource {
  constructor(name: string, args: AppArgs<AppSettings["nextcloud"]>, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:apps:Nextcloud", name, {}, opts);
    const { tenant, settings, services } = args;
    const scope = scopeOf(this, name, "nextcloud", args.base);
    const host = hostnameOf(tenant, "nextcloud")!;
    const officeHost = hostnameOf(tenant, "nextcloud", "officeHostname");
    const url = `https://${host}`;
    const password = (key: string) => new random.RandomPassword(`${name}-${key}`, { length: 32, special: false }, { parent: this }).result;

    const client = oidcClient(this, name, args.realm, {
      clientId: "nextcloud",
      redirectUri: `${url}${NEXTCLOUD_OIDC.callbackPath}`,
      rootUrl: url,
      loginPath: NEXTCLOUD_OIDC.loginPath,
      pkce: "S256",
      postLogoutRedirectUris: [`${url}${NEXTCLOUD_OIDC.postLogoutPath}`],
      backchannelLogoutUrl: `${url}${NEXTCLOUD_OIDC.backchannelLogoutPath}`,
    });
    const onlyofficeJwt = settings.office === "onlyoffice" ? password("onlyoffice-jwt") : undefined;
    const redisPassword = password("redis-password");
    const secret = appSecret(scope, {
      "admin-password": password("admin-password"),
      "redis-password": redisPassword,
      "valkey.conf": redisPassword.apply(valkeyConfig),
      "oidc-client-secret": client.clientSecret,
      "smtp-password": services.smtp.password,
      ...backupCredentialEntries(services.backups),
      ...(onlyofficeJwt === undefined ? {} : { "onlyoffice-jwt-secret": onlyofficeJwt }),
    });

    const files = volumeClaim(scope, { key: "files", sizeGiB: settings.storageGiB });
    const db = postgres(scope, {
      backups: tenant.backups,
      services,
      secretName: secret.name,
    });
    const config = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      {
        metadata: { name: "nextcloud-config", namespace: scope.namespace, labels: appLabels(scope, "config") },
        data: { "nginx.conf": NGINX_CONF, "jardin.config.php": REDIS_CONFIG_PHP, "configure.sh": CONFIGURE_HOOK },
      },
      childOptions(scope),
    );
    const redisHost = "nextcloud-redis";
    const mail = splitAddress(services.smtp.from);

    // Everything php needs, for the web pod and the cron job alike.
    const env: Record<string, EnvValue> = {
      POSTGRES_HOST: db.host,
      POSTGRES_DB: db.database,
      POSTGRES_USER: db.user,
      POSTGRES_PASSWORD: db.password,
      NEXTCLOUD_ADMIN_USER: "jardin-admin",
      NEXTCLOUD_ADMIN_PASSWORD: { secretKey: "admin-password" },
      NEXTCLOUD_TRUSTED_DOMAINS: host,
      // Read by the image's config/reverse-proxy.config.php (34/fpm-alpine at nextcloud/docker
      // 4de1eed6), which the hook keeps in the config directory.
      OVERWRITEPROTOCOL: "https",
      OVERWRITECLIURL: url,
      TRUSTED_PROXIES: "127.0.0.1 10.42.0.0/16",
      PHP_MEMORY_LIMIT: "512M",
      PHP_UPLOAD_LIMIT: "10G",
      JARDIN_REDIS_HOST: redisHost,
      JARDIN_REDIS_PASSWORD: { secretKey: "redis-password" },
      // Read by the image's config/smtp.config.php (same tag), kept in place by the hook too.
      SMTP_HOST: services.smtp.host,
      SMTP_PORT: String(services.smtp.port),
      SMTP_SECURE: services.smtp.port === 465 ? "ssl" : "",
      SMTP_AUTHTYPE: "LOGIN",
      SMTP_NAME: services.smtp.username,
      SMTP_PASSWORD: { secretKey: "smtp-password" },
      MAIL_FROM_ADDRESS: mail.local,
      MAIL_DOMAIN: mail.domain,
      // Read by jardin.config.php, in background jobs too.
      ...(onlyofficeJwt === undefined ? {} : { ONLYOFFICE_JWT_SECRET: { secretKey: "onlyoffice-jwt-secret" } }),
    };
    const php = (overrides: Partial<ContainerSpec>): ContainerSpec => ({
      name: "nextcloud",
      image: NEXTCLOUD_IMAGES.nextcloud,
      env,
      runAsUser: WWW_DATA,
      resources: { cpuMillis: 250, memoryMiB: 512, memoryLimitMiB: 1024 },
      scratch: { tmp: "/tmp" },
      // Nothing is mounted inside /var/www/html: a mount point there would leave a root-owned,
      // non-empty directory on the volume, and the image would neither install nor copy its
      // config files (see nextcloud-files.ts). The hook copies ours in.
      mounts: [{ name: "files", mountPath: "/var/www/html" }],
      ...overrides,
    });
    const configVolume = { name: "config", configMap: { name: config.metadata.name, defaultMode: 0o555 } };

    workload(
      scope,
      "web",
      {
        containers: [
          php({
            env: {
              ...env,
              OIDC_PROVIDER: NEXTCLOUD_OIDC.provider,
              OIDC_CLIENT_ID: client.clientId,
              OIDC_CLIENT_SECRET: { secretKey: "oidc-client-secret" },
              OIDC_DISCOVERY_URI: `${client.issuer}/.well-known/openid-configuration`,
              OIDC_POST_LOGOUT_URI: `${url}${NEXTCLOUD_OIDC.postLogoutPath}`,
              OIDC_SCOPE: NEXTCLOUD_OIDC.scope,
              JARDIN_OFFICE: settings.office,
              OFFICE_URL: officeHost === undefined ? "" : `https://${officeHost}`,
            },
            ports: [{ name: "fastcgi", containerPort: 9000 }],
            readiness: { tcp: 9000 },
            // The first start copies Nextcloud onto the volume and installs it.
            startupSeconds: 900,
            mounts: [
              ...php({}).mounts!,
              { name: "config", mountPath: "/docker-entrypoint-hooks.d/before-starting/jardin.sh", subPath: "configure.sh", readOnly: true },
              { name: "config", mountPath: NEXTCLOUD_JARDIN_DIR, readOnly: true },
            ],
          }),
          {
            name: "nginx",
            image: NEXTCLOUD_IMAGES.nginx,
            runAsUser: NGINX_USER,
            ports: [{ name: "http", containerPort: 8080 }],
            readiness: { tcp: "http" },
            resources: { cpuMillis: 50, memoryMiB: 64 },
            scratch: { tmp: "/tmp", "nginx-cache": "/var/cache/nginx" },
            mounts: [
              { name: "files", mountPath: "/var/www/html", readOnly: true },
              { name: "config", mountPath: "/etc/nginx/conf.d/default.conf", subPath: "nginx.conf", readOnly: true },
            ],
          },
        ],
        volumes: [files.volume, configVolume],
        fsGroup: WWW_DATA,
        // The app store and federated shares are on the internet; office documents come back
        // through the tenant's own public hostname.
        egress: ["sso", "smtp", "internet", ...(settings.office === "none" ? [] : (["peers"] as const))],
        ports: [{ name: "http", port: 80, targetPort: "http" }],
        routes: [{ host, health: NEXTCLOUD_HEALTH_PATH }],
      },
      secret.name,
    );

    workload(
      scope,
      "redis",
      {
        containers: [
          {
            name: "valkey",
            image: NEXTCLOUD_IMAGES.valkey,
            // Its config is a file of the Secret, so the password is never on its command line.
            // The image's entrypoint starts valkey-server with a first argument ending in
            // `.conf` (docker-entrypoint.sh of valkey-io/valkey-container).
            args: [VALKEY_CONFIG_PATH],
            runAsUser: VALKEY_USER,
            ports: [{ name: "redis", containerPort: 6379 }],
            readiness: { tcp: "redis" },
            resources: { cpuMillis: 50, memoryMiB: 128 },
            scratch: { data: "/data" },
            mounts: [{ name: "valkey-config", mountPath: "/etc/valkey", readOnly: true }],
          },
        ],
        volumes: [{ name: "valkey-config", secret: { secretName: secret.name, defaultMode: 0o440, items: [{ key: "valkey.conf", path: "valkey.conf" }] } }],
        // The Secret's files belong to this group: valkey reads its config, nobody else.
        fsGroup: VALKEY_USER,
        ports: [{ name: "redis", port: 6379, targetPort: "redis" }],
      },
      secret.name,
    );

    // https://docs.nextcloud.com/server/stable/admin_manual/configuration_server/background_jobs_configuration.html#cron
    cronJob(
      scope,
      "cron",
      {
        schedule: "*/5 * * * *",
        containers: [php({ command: ["php", "-f", "/var/www/html/cron.php"], resources: { cpuMillis: 100, memoryMiB: 256, memoryLimitMiB: 1024 } })],
        volumes: [files.volume],
        fsGroup: WWW_DATA,
        colocateWith: "web",
        egress: ["smtp", "internet"],
      },
      secret.name,
    );

    if (officeHost !== undefined && settings.office === "collabora") {
      collabora(scope, { host: officeHost, nextcloudHost: host }, secret.name);
    }
    if (officeHost !== undefined && onlyofficeJwt !== undefined) {
      onlyoffice(scope, { tenantId: tenant.id, host: officeHost, jwtSecret: onlyofficeJwt });
    }
    this.registerOutputs({});
  }
}
