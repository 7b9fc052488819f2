import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AppSettings } from "../../model/apps";
import { hostnameOf } from "../../model/hostnames";
import { MATRIX_SERVER_NAME_ANNOTATION, matrixServerName } from "../../model/matrix";
import { publicInternet } from "../workload/network";
import { sharedOnce } from "../workload/shared";
import { oidcClient } from "./oidc-client";
import { appLabels, childOptions, selectorLabels } from "../workload/scope";
import { appSecret, backupCredentialEntries, postgres, volumeClaim, workload, type Route } from "../workload";
import { scopeOf, type AppArgs } from "./app";
import { SYNAPSE_PATHS, SYNAPSE_PORT, synapsePublicConfig, synapseSecretConfig } from "./synapse-config";

/** Pinned images. Synapse runs as 991 when started directly; Element's nginx is unprivileged (101, port 8080). */
export const MATRIX_IMAGES = {
  // https://github.com/element-hq/synapse/releases
  synapse: "matrixdotorg/synapse:v1.149.1",
  // https://github.com/element-hq/element-web/releases (ELEMENT_WEB_PORT: docs/install.md)
  element: "vectorim/element-web:v1.12.27",
} as const;
const SYNAPSE_USER = 991;
const NGINX_USER = 101;

/** Synapse's OIDC callback. https://element-hq.github.io/synapse/latest/openid.html */
export const SYNAPSE_CALLBACK_PATH = "/_synapse/client/oidc/callback";

/**
 * Where Synapse takes Keycloak's logout tokens (`backchannel_logout_enabled` below): the
 * `backchannel_logout` child of `/_synapse/client/oidc` (synapse/rest/synapse/client/oidc/__init__.py
 * and synapse/rest/synapse/client/__init__.py at v1.149.1). Synapse refuses a token without `sid`.
 */
export const SYNAPSE_BACKCHANNEL_LOGOUT_PATH = "/_synapse/client/oidc/backchannel_logout";

/** On the Synapse Deployment: the plan's diff compares it with the base (model/matrix.ts). */
export const SERVER_NAME_ANNOTATION = MATRIX_SERVER_NAME_ANNOTATION;

/**
 * Element's config.json: the tenant's homeserver only, no integration manager, video calls on the
 * tenant's own Jitsi when it has one. Element merges this file over its built-in DEFAULTS
 * (src/SdkConfig.ts), which name a third-party integration manager (`integrations_ui_url`,
 * `integrations_rest_url`: scalar.vector.im): leaving the keys out keeps it, only null removes it
 * (docs/config.md, "integrations_*").
 */
export function elementConfig(spec: { baseUrl: string; serverName: string; brand: string; jitsiHost?: string }): Record<string, unknown> {
  return {
    default_server_config: { "m.homeserver": { base_url: spec.baseUrl, server_name: spec.serverName } },
    disable_custom_urls: true,
    disable_guests: true,
    brand: spec.brand,
    show_labs_settings: false,
    integrations_ui_url: null,
    integrations_rest_url: null,
    integrations_widgets_urls: null,
    // The realm login is the only one: go straight there.
    sso_redirect_options: { immediate: true },
    ...(spec.jitsiHost === undefined ? {} : { jitsi: { preferred_domain: spec.jitsiHost } }),
  };
}

/**
 * Synapse's signing key file: `ed25519 a_<id> <seed in unpadded base64>`, as `generate_signing_key`
 * writes it (signedjson's `write_signing_keys`).
 * https://element-hq.github.io/synapse/latest/usage/configuration/config_documentation.html#signing_key_path
 */
export function synapseSigningKey(id: string, seedBase64: string): string {
  return `ed25519 a_${id} ${seedBase64.replace(/=+$/, "")}\n`;
}

/**
 * Matrix: Synapse on CloudNativePG with login through the tenant's realm only, its media on a
 * retained volume, federation as the tenant file says; Element web on its own hostname.
 */
export class Matrix extends pulumi.ComponentResource {
  constructor(name: string, args: AppArgs<AppSettings["matrix"]>, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:apps:Matrix", name, {}, opts);
    const { tenant, settings, services } = args;
    const scope = scopeOf(this, name, "matrix", args.base);
    const host = hostnameOf(tenant, "matrix")!;
    const elementHost = hostnameOf(tenant, "matrix", "elementHostname")!;
    const serverName = matrixServerName(tenant)!;
    const url = `https://${host}`;
    const password = (key: string) => new random.RandomPassword(`${name}-${key}`, { length: 48, special: false }, { parent: this }).result;

    const client = oidcClient(this, name, args.realm, {
      clientId: "synapse",
      redirectUri: `${url}${SYNAPSE_CALLBACK_PATH}`,
      rootUrl: url,
      // SsoRedirectServlet (synapse/rest/client/login.py at v1.149.1) takes a required
      // `redirectUrl`, and with one identity provider redirects to it directly
      // (synapse/handlers/sso.py, handle_redirect_request): Element's address, as Element sends it.
      loginPath: `/_matrix/client/v3/login/sso/redirect?redirectUrl=${encodeURIComponent(`https://${elementHost}/`)}`,
      // pkce_method "auto" (synapse/config/oidc.py at v1.149.1) sends S256 whenever the discovery
      // document offers it (synapse/handlers/oidc.py), as Keycloak's does.
      pkce: "S256",
      // Synapse never sends its users to the provider's logout (no end_session_endpoint use at
      // v1.149.1): no post-logout URI to allow.
      postLogoutRedirectUris: [],
      backchannelLogoutUrl: `${url}${SYNAPSE_BACKCHANNEL_LOGOUT_PATH}`,
    });
    // Generated once and kept in the state: a new key would make every other server distrust this
    // one. Protected: regenerating it is a rotation the fleet declares (model/identities.ts).
    // A moving tenant's two sides are one server: the second uses the first's key.
    const { seed, keyId } = sharedOnce(args.realm, "matrix-signing", () => {
      const identity = { parent: this, protect: true };
      return {
        seed: new random.RandomBytes(`${name}-signing-seed`, { length: 32 }, identity),
        keyId: new random.RandomString(`${name}-signing-key-id`, { length: 4, special: false, upper: false }, identity),
      };
    });
    const secrets = pulumi
      .all([password("macaroon-secret-key"), password("form-secret"), client.clientSecret, services.smtp.password])
      .apply(([macaroonSecretKey, formSecret, clientSecret, smtpPassword]) =>
        JSON.stringify(
          synapseSecretConfig({
            macaroonSecretKey,
            formSecret,
            smtp: { ...services.smtp, password: smtpPassword },
            oidc: { issuer: client.issuer, clientId: client.clientId, clientSecret, label: tenant.name },
          }),
          null,
          2,
        ),
      );
    const secret = appSecret(scope, {
      "secrets.yaml": secrets,
      "signing.key": pulumi.all([keyId.result, seed.base64]).apply(([id, base64]) => synapseSigningKey(id, base64)),
      ...backupCredentialEntries(services.backups),
    });
    const media = volumeClaim(scope, { key: "media", sizeGiB: settings.mediaStorageGiB });
    const db = postgres(scope, {
      backups: tenant.backups,
      services,
      secretName: secret.name,
    });
    const jitsiHost = hostnameOf(tenant, "jitsi");
    const config = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      {
        metadata: { name: "matrix-config", namespace: scope.namespace, labels: appLabels(scope, "config") },
        data: {
          "homeserver.yaml": JSON.stringify(
            synapsePublicConfig({ serverName, host, federation: settings.federation, database: { host: db.host, name: db.database, user: db.user } }),
            null,
            2,
          ),
          "config.json": JSON.stringify(elementConfig({ baseUrl: url, serverName, brand: tenant.name, jitsiHost }), null, 2),
        },
      },
      childOptions(scope),
    );

    // The server name's host answers /.well-known/matrix/* (server delegation, client discovery).
    const routes: Route[] = [{ host }];
    // Synapse answers /.well-known/matrix/server only with serve_server_wellknown, i.e. with
    // federation (synapse/rest/well_known.py at v1.149.1; its client file needs
    // serve_client_wellknown, not set): without it the host serves nothing to ask.
    if (serverName !== host) {
      routes.push({ host: serverName, paths: [{ path: "/.well-known/matrix", port: "http" }], health: settings.federation ? "/.well-known/matrix/server" : null });
    }
    workload(
      scope,
      "synapse",
      {
        containers: [
          {
            name: "synapse",
            image: MATRIX_IMAGES.synapse,
            // Started directly: the image's entrypoint would generate a config and switch users as root.
            command: ["python", "-m", "synapse.app.homeserver", "--config-path", SYNAPSE_PATHS.config, "--config-path", SYNAPSE_PATHS.secrets],
            env: { PGPASSWORD: db.password },
            ports: [{ name: "http", containerPort: SYNAPSE_PORT }],
            readiness: { http: "/health", port: "http" },
            startupSeconds: 180,
            resources: { cpuMillis: 200, memoryMiB: 512 },
            runAsUser: SYNAPSE_USER,
            scratch: { tmp: "/tmp" },
            mounts: [
              { name: media.volume.name, mountPath: "/data" },
              { name: "config", mountPath: "/config", readOnly: true },
              { name: "secrets", mountPath: "/secrets", readOnly: true },
            ],
          },
        ],
        volumes: [
          media.volume,
          { name: "config", configMap: { name: config.metadata.name, items: [{ key: "homeserver.yaml", path: "homeserver.yaml" }] } },
          {
            name: "secrets",
            secret: { secretName: secret.name, defaultMode: 0o440, items: [{ key: "secrets.yaml", path: "secrets.yaml" }, { key: "signing.key", path: "signing.key" }] },
          },
        ],
        fsGroup: SYNAPSE_USER,
        egress: ["sso", "smtp"],
        annotations: { [SERVER_NAME_ANNOTATION]: serverName },
        ports: [{ name: "http", port: 80, targetPort: "http" }],
        routes,
      },
      secret.name,
    );

    workload(
      scope,
      "element",
      {
        replicas: 2,
        containers: [
          {
            name: "element",
            image: MATRIX_IMAGES.element,
            env: { ELEMENT_WEB_PORT: "8080" },
            ports: [{ name: "http", containerPort: 8080 }],
            readiness: { http: "/config.json", port: "http" },
            resources: { cpuMillis: 10, memoryMiB: 32, memoryLimitMiB: 64 },
            runAsUser: NGINX_USER,
            // nginx's entrypoint renders its server block from a template at start.
            scratch: { tmp: "/tmp", "nginx-conf": "/etc/nginx/conf.d", "nginx-cache": "/var/cache/nginx" },
            mounts: [{ name: "config", mountPath: "/app/config.json", subPath: "config.json", readOnly: true }],
          },
        ],
        volumes: [{ name: "config", configMap: { name: config.metadata.name, items: [{ key: "config.json", path: "config.json" }] } }],
        ports: [{ name: "http", port: 80, targetPort: "http" }],
        routes: [{ host: elementHost }],
      },
      secret.name,
    );

    if (settings.federation && scope.state !== "archived") this.allowFederation(name, scope);
    this.registerOutputs({});
  }

  /** Federation: Synapse talks to any public server, on 443 (delegated) and 8448 (Matrix's default). */
  private allowFederation(name: string, scope: ReturnType<typeof scopeOf>): void {
    new k8s.networking.v1.NetworkPolicy(
      `${name}-federation`,
      {
        metadata: { name: "matrix-federation", namespace: scope.namespace, labels: appLabels(scope, "federation") },
        spec: {
          podSelector: { matchLabels: selectorLabels(scope, "synapse") },
          policyTypes: ["Egress"],
          egress: [{ to: [publicInternet()], ports: [{ protocol: "TCP", port: 443 }, { protocol: "TCP", port: 8448 }] }],
        },
      },
      childOptions(scope),
    );
  }
}
