import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AppSettings } from "../../model/apps";
import { hostnameOf } from "../../model/hostnames";
import { oidcClient } from "./oidc-client";
import { appSecret, volumeClaim, workload } from "../workload";
import { scopeOf, type AppArgs } from "./app";

/**
 * Pinned at the newest release whose source could be read (gristlabs/grist-core v1.7.17). Its
 * Dockerfile adds `grist` (uid 1001: node:22-trixie-slim's `node` has 1000) and points
 * GRIST_INST_DIR, GRIST_DATA_DIR and TYPEORM_DATABASE at /persist; sandbox/docker_entrypoint.sh
 * runs as is when not root.
 */
export const GRIST_IMAGE = "gristlabs/grist:1.7.17";
const GRIST_USER = 1001;

/**
 * Grist's OIDC login (app/server/lib/OIDCConfig.ts and app/server/lib/oidc/Protections.ts at
 * v1.7.17): callback `new URL("/oauth2/callback", GRIST_OIDC_SP_HOST)`, PKCE (S256) and state by
 * default (GRIST_OIDC_IDP_ENABLED_PROTECTIONS unset), scope "openid email profile" by default; at
 * logout it sends `post_logout_redirect_uri` `<origin>/signed-out`. No back-channel logout.
 */
export const GRIST_CALLBACK_PATH = "/oauth2/callback";
export const GRIST_SIGNED_OUT_PATH = "/signed-out";
/**
 * Where its login starts: `app.get("/login", ...)` redirects to the login URL of the login system
 * (app/server/lib/FlexServer.ts:1524, `_redirectToLoginOrSignup`), for OIDC the provider's
 * authorization URL (app/server/lib/OIDCConfig.ts:381, getLoginRedirectUrl), at v1.7.17.
 */
export const GRIST_LOGIN_PATH = "/login";

/**
 * Grist (databases): one team site per tenant, login through the realm, documents and the home
 * database (SQLite) on a retained volume. Formulas run in the pyodide sandbox: gVisor, upstream's
 * default, needs privileges a `restricted` pod lacks.
 * https://support.getgrist.com/self-managed/#how-do-i-sandbox-documents
 */
export class Grist extends pulumi.ComponentResource {
  constructor(name: string, args: AppArgs<AppSettings["grist"]>, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:apps:Grist", name, {}, opts);
    const { tenant, settings } = args;
    const scope = scopeOf(this, name, "grist", args.base);
    const host = hostnameOf(tenant, "grist")!;
    const url = `https://${host}`;

    const client = oidcClient(this, name, args.realm, {
      clientId: "grist",
      redirectUri: `${url}${GRIST_CALLBACK_PATH}`,
      rootUrl: url,
      loginPath: GRIST_LOGIN_PATH,
      pkce: "S256",
      postLogoutRedirectUris: [`${url}${GRIST_SIGNED_OUT_PATH}`],
    });
    const sessionSecret = new random.RandomPassword(`${name}-session-secret`, { length: 48, special: false }, { parent: this });
    const secret = appSecret(scope, { "session-secret": sessionSecret.result, "oidc-client-secret": client.clientSecret });
    const documents = volumeClaim(scope, { key: "documents", sizeGiB: settings.storageGiB });

    workload(
      scope,
      "web",
      {
        // Documents and the home database are files on one ReadWriteOnce volume: one pod.
        kind: "StatefulSet",
        containers: [
          {
            name: "grist",
            image: GRIST_IMAGE,
            env: {
              APP_HOME_URL: url,
              GRIST_SESSION_SECRET: { secretKey: "session-secret" },
              GRIST_SANDBOX_FLAVOR: "pyodide",
              // https://support.getgrist.com/install/oidc/
              GRIST_OIDC_IDP_ISSUER: client.issuer,
              GRIST_OIDC_IDP_CLIENT_ID: client.clientId,
              GRIST_OIDC_IDP_CLIENT_SECRET: { secretKey: "oidc-client-secret" },
              GRIST_OIDC_SP_HOST: url,
              GRIST_FORCE_LOGIN: "true",
              GRIST_SINGLE_ORG: "docs",
              // The tenant's first admin owns the site and invites the others.
              GRIST_DEFAULT_EMAIL: tenant.sso.admins[0]!,
              GRIST_TELEMETRY_LEVEL: "off",
              GRIST_ALLOW_AUTOMATIC_VERSION_CHECKING: "false",
            },
            ports: [{ name: "http", containerPort: 8484 }],
            // The health check FlexServer answers at "/status" (app/server/lib/FlexServer.ts at v1.7.17).
            readiness: { http: "/status", port: "http" },
            startupSeconds: 120,
            resources: { cpuMillis: 100, memoryMiB: 512 },
            runAsUser: GRIST_USER,
            scratch: { tmp: "/tmp" },
            // The image's GRIST_INST_DIR, GRIST_DATA_DIR and TYPEORM_DATABASE are all under /persist.
            mounts: [{ name: documents.volume.name, mountPath: "/persist" }],
          },
        ],
        volumes: [documents.volume],
        fsGroup: GRIST_USER,
        egress: ["sso"],
        ports: [{ name: "http", port: 80, targetPort: "http" }],
        routes: [{ host }],
      },
      secret.name,
    );
    this.registerOutputs({});
  }
}
