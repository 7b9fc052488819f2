import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AppSettings } from "../../model/apps";
import { hostnameOf } from "../../model/hostnames";
import { publicInternet } from "../workload/network";
import { oidcClient } from "./oidc-client";
import { appSecret, service, workload, type ContainerSpec, type EnvValue } from "../workload";
import { childOptions, appLabels, selectorLabels } from "../workload/scope";
import { scopeOf, type AppArgs } from "./app";

/** One stable release of docker-jitsi-meet for all four images. https://github.com/jitsi/docker-jitsi-meet/releases */
export const JITSI_RELEASE = "stable-11146-2";
export const JITSI_IMAGES = {
  web: `ghcr.io/jitsi/web:${JITSI_RELEASE}`,
  prosody: `ghcr.io/jitsi/prosody:${JITSI_RELEASE}`,
  jicofo: `ghcr.io/jitsi/jicofo:${JITSI_RELEASE}`,
  jvb: `ghcr.io/jitsi/jvb:${JITSI_RELEASE}`,
  // Turns a realm login into a Jitsi token. https://github.com/nordeck/jitsi-keycloak-adapter-v2
  adapter: "ghcr.io/nordeck/jitsi-keycloak-adapter-v2:v20260328",
} as const;

/** The images' unprivileged user `s6` (docker-jitsi-meet base/Dockerfile). */
const S6_USER = 1000;
/** `deno` in the adapter's base image. */
const DENO_USER = 1993;

/** 16:9 widths of the heights the collective allows. */
export const VIDEO_WIDTHS: Readonly<Record<AppSettings["jitsi"]["maxResolution"], number>> = { 180: 320, 360: 640, 540: 960, 720: 1280 };

/**
 * The web image's settings-config.js sets `resolution` and `constraints.video.height/width`
 * (ideal and max) from RESOLUTION and RESOLUTION_WIDTH, and their floor from the _MIN ones.
 * https://github.com/jitsi/docker-jitsi-meet/blob/stable-11146-2/web/rootfs/defaults/settings-config.js
 */
export function videoEnv(maxResolution: AppSettings["jitsi"]["maxResolution"]): Record<string, string> {
  const floor = Math.min(180, maxResolution);
  return {
    RESOLUTION: String(maxResolution),
    RESOLUTION_WIDTH: String(VIDEO_WIDTHS[maxResolution]),
    RESOLUTION_MIN: String(floor),
    RESOLUTION_WIDTH_MIN: String(VIDEO_WIDTHS[floor as 180]),
  };
}

/**
 * What nordeck's adapter sends (src/adapter.ts at v20260328): the authorization request
 * `response_type=code&scope=openid&prompt=consent` with `redirect_uri=https://<host>/oidc/tokenize`
 * and no PKCE challenge, the client secret by HTTP Basic at the token endpoint; it never sends its
 * users to Keycloak's logout and serves no back-channel logout.
 */
export const JITSI_OIDC = {
  callbackPath: "/oidc/tokenize",
  scope: "openid",
  // The adapter's `/oidc/auth` redirects to Keycloak with the `state` it is given, and answers 401
  // without one (src/adapter.ts, `auth` and `handler`, at v20260328): `{}` is the smallest state.
  loginPath: "/oidc/auth?state=%7B%7D",
} as const;

export interface JitsiArgs extends AppArgs<AppSettings["jitsi"]> {
  /** The tenant's UDP NodePort (model/videobridge-ports.ts). */
  readonly videobridgePort: number;
}

/**
 * Jitsi Meet: web, prosody, jicofo and the videobridge in one pod (they talk over localhost and
 * scale as one), with the Keycloak adapter beside them. Hosts log in through the realm; guests
 * join the rooms they are given once a host is there. Video is capped at the tenant's height.
 *
 * Media: Hetzner load balancers carry no UDP, so the videobridge listens on the tenant's UDP
 * NodePort with `externalTrafficPolicy: Local` (only the node running it answers, keeping the
 * client's address). It learns the node's public address by STUN: pod traffic leaves through the
 * node's public IPv4, and the videobridge announces that address with its own port, which is the
 * NodePort. The downward API only knows the node's private address, and the metadata service is
 * closed to tenant pods. https://jitsi.github.io/handbook/docs/devops-guide/devops-guide-docker/
 */
export class Jitsi extends pulumi.ComponentResource {
  constructor(name: string, args: JitsiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:apps:Jitsi", name, {}, opts);
    const { tenant, videobridgePort } = args;
    const scope = scopeOf(this, name, "jitsi", args.base);
    const host = hostnameOf(tenant, "jitsi")!;
    const url = `https://${host}`;
    const password = (key: string) => new random.RandomPassword(`${name}-${key}`, { length: 48, special: false }, { parent: this }).result;

    // No PKCE: the adapter sends no challenge, and a client requiring one refuses every host.
    const client = oidcClient(this, name, args.realm, {
      clientId: "jitsi",
      redirectUri: `${url}${JITSI_OIDC.callbackPath}`,
      rootUrl: url,
      loginPath: JITSI_OIDC.loginPath,
      pkce: "none",
      postLogoutRedirectUris: [],
    });
    const secret = appSecret(scope, {
      "jwt-app-secret": password("jwt-secret"),
      // Jicofo's and the videobridge's accounts on prosody live in the one pod that reads this
      // Secret: separate passwords would protect nothing from each other, and cost a resource.
      "xmpp-components-password": password("xmpp-components-password"),
      "oidc-client-secret": client.clientSecret,
    });

    // https://github.com/jitsi/docker-jitsi-meet/blob/stable-11146-2/env.example; each image gets
    // only the ones it reads (its service's environment in docker-compose.yml and its rootfs
    // templates at that tag): the web server never holds prosody's secrets.
    const settings = {
      TZ: "UTC",
      PUBLIC_URL: url,
      XMPP_SERVER: "127.0.0.1",
      XMPP_BOSH_URL_BASE: "http://127.0.0.1:5280",
      ENABLE_AUTH: "1",
      AUTH_TYPE: "jwt",
      ENABLE_GUESTS: "1",
      // Hosts are whoever holds a token; guests wait in the lobby until one joins.
      // https://github.com/nordeck/jitsi-keycloak-adapter-v2/blob/main/docs/setup-docker.md
      JICOFO_ENABLE_AUTH: "0",
      XMPP_MODULES: "persistent_lobby",
      XMPP_MUC_MODULES: "muc_wait_for_host",
      JWT_APP_ID: "jitsi",
      JWT_APP_SECRET: { secretKey: "jwt-app-secret" },
      TOKEN_AUTH_URL: `${url}/oidc/auth?state={state}`,
      JICOFO_AUTH_PASSWORD: { secretKey: "xmpp-components-password" },
      JVB_AUTH_PASSWORD: { secretKey: "xmpp-components-password" },
    } satisfies Record<string, EnvValue>;
    const only = (...names: (keyof typeof settings)[]): Record<string, EnvValue> => Object.fromEntries(names.map((n) => [n, settings[n]]));
    const s6 = (name: string, spec: Omit<ContainerSpec, "name" | "runAsUser">, writable: readonly string[] = []): ContainerSpec => ({
      name,
      runAsUser: S6_USER,
      // The images run read-only with /run, /tmp and /config writable (docker-compose.yml).
      scratch: Object.fromEntries(["/run", "/tmp", "/config", ...writable].map((path) => [`${name}${path.replaceAll("/", "-")}`, path])),
      ...spec,
    });

    workload(
      scope,
      "meet",
      {
        containers: [
          s6("web", {
            image: JITSI_IMAGES.web,
            env: {
              ...only("TZ", "PUBLIC_URL", "XMPP_BOSH_URL_BASE", "ENABLE_AUTH", "ENABLE_GUESTS", "TOKEN_AUTH_URL"),
              ...videoEnv(args.settings.maxResolution),
              DISABLE_HTTPS: "1",
              ENABLE_HTTP_REDIRECT: "0",
            },
            ports: [{ name: "http", containerPort: 8000 }],
            readiness: { http: "/", port: "http" },
            resources: { cpuMillis: 50, memoryMiB: 64, memoryLimitMiB: 256 },
          }),
          s6(
            "prosody",
            {
              image: JITSI_IMAGES.prosody,
              env: only(
                "TZ",
                "PUBLIC_URL",
                "ENABLE_AUTH",
                "AUTH_TYPE",
                "ENABLE_GUESTS",
                "XMPP_MODULES",
                "XMPP_MUC_MODULES",
                "JWT_APP_ID",
                "JWT_APP_SECRET",
                "JICOFO_AUTH_PASSWORD",
                "JVB_AUTH_PASSWORD",
              ),
              readiness: { tcp: 5280 },
              resources: { cpuMillis: 100, memoryMiB: 128, memoryLimitMiB: 512 },
            },
            ["/var/lib/prosody", "/prosody-plugins-custom"],
          ),
          s6("jicofo", {
            image: JITSI_IMAGES.jicofo,
            // JICOFO_MAX_MEMORY: read by jicofo's own jicofo.sh, which the image runs.
            env: { ...only("TZ", "XMPP_SERVER", "ENABLE_AUTH", "AUTH_TYPE", "JICOFO_ENABLE_AUTH", "JICOFO_AUTH_PASSWORD"), JICOFO_MAX_MEMORY: "384m" },
            readiness: { http: "/about/health", port: 8888 },
            resources: { cpuMillis: 100, memoryMiB: 384, memoryLimitMiB: 768 },
          }),
          s6("jvb", {
            image: JITSI_IMAGES.jvb,
            // VIDEOBRIDGE_MAX_MEMORY: read by jitsi-videobridge's jvb.sh, which the image runs.
            env: {
              ...only("TZ", "XMPP_SERVER", "JVB_AUTH_PASSWORD"),
              JVB_PORT: String(videobridgePort),
              JVB_ADVERTISE_PRIVATE_CANDIDATES: "false",
              VIDEOBRIDGE_MAX_MEMORY: "768m",
            },
            ports: [{ name: "media", containerPort: videobridgePort, protocol: "UDP" }],
            readiness: { http: "/about/health", port: 8080 },
            resources: { cpuMillis: 500, memoryMiB: 768, memoryLimitMiB: 1536 },
          }),
          {
            // Its variables: src/config.ts at v20260328.
            name: "adapter",
            image: JITSI_IMAGES.adapter,
            runAsUser: DENO_USER,
            env: {
              KEYCLOAK_ORIGIN: args.services.sso.url,
              KEYCLOAK_REALM: args.realm.name,
              KEYCLOAK_CLIENT_ID: client.clientId,
              KEYCLOAK_CLIENT_SECRET: { secretKey: "oidc-client-secret" },
              JWT_APP_ID: "jitsi",
              JWT_APP_SECRET: { secretKey: "jwt-app-secret" },
            },
            ports: [{ name: "oidc", containerPort: 9000 }],
            readiness: { tcp: "oidc" },
            resources: { cpuMillis: 20, memoryMiB: 64 },
          },
        ],
        recreate: true,
        egress: ["sso"],
        ports: [
          { name: "http", port: 80, targetPort: "http" },
          { name: "oidc", port: 9000, targetPort: "oidc" },
        ],
        routes: [{ host, paths: [{ path: "/", port: "http" }, { path: "/oidc/", port: "oidc" }] }],
      },
      secret.name,
    );

    if (tenant.state === "archived") {
      this.registerOutputs({});
      return;
    }
    service(scope, "media", {
      type: "NodePort",
      externalTrafficPolicy: "Local",
      selectComponent: "meet",
      ports: [{ name: "media", port: videobridgePort, targetPort: "media", protocol: "UDP", nodePort: videobridgePort }],
    });
    // Media comes from anywhere to the NodePort and goes back to the participants (and to the
    // STUN server), never into private ranges or the metadata service.
    new k8s.networking.v1.NetworkPolicy(
      `${name}-media`,
      {
        metadata: { name: "jitsi-media", namespace: scope.namespace, labels: appLabels(scope, "media") },
        spec: {
          podSelector: { matchLabels: selectorLabels(scope, "meet") },
          policyTypes: ["Ingress", "Egress"],
          ingress: [{ from: [publicInternet()], ports: [{ protocol: "UDP", port: videobridgePort }] }],
          egress: [{ to: [publicInternet()], ports: [{ protocol: "UDP" }] }],
        },
      },
      childOptions(scope),
    );
    this.registerOutputs({});
  }
}
