import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AppSettings } from "../../model/apps";
import { hostnameOf } from "../../model/hostnames";
import { oidcClient } from "./oidc-client";
import { appSecret, backupCredentialEntries, postgres, volumeClaim, workload } from "../workload";
import { scopeOf, type AppArgs } from "./app";
import { keycloakEndpoints } from "./keycloak-endpoints";

/**
 * Pinned, 1.x (2.0 is a rewrite). Built by hedgedoc/container (debian/Dockerfile: user `hedgedoc`,
 * uid 10000; resources/docker-entrypoint.sh drops root with gosu, and runs as is when not root).
 */
export const HEDGEDOC_IMAGE = "quay.io/hedgedoc/hedgedoc:1.10.7";
const HEDGEDOC_USER = 10000;

/**
 * HedgeDoc's generic OAuth2 login (lib/web/auth/oauth2/index.js at hedgedoc/hedgedoc 1.10.7):
 * callback `serverURL + '/auth/oauth2/callback'`, the scope of CMD_OAUTH2_SCOPE, and a PKCE
 * challenge (passport-oauth2's S256) only when CMD_OAUTH2_PKCE is true (lib/config/environment.js;
 * lib/config/default.js has `pkce: false`). Its logout (lib/web/auth/index.js, `/logout`) ends the
 * local session only: no post-logout redirect, no back-channel logout.
 */
export const HEDGEDOC_CALLBACK_PATH = "/auth/oauth2/callback";
/** Where its login starts: `oauth2Auth.get('/auth/oauth2', passport.authenticate('oauth2'))` (lib/web/auth/oauth2/index.js:145 at 1.10.7). */
export const HEDGEDOC_LOGIN_PATH = "/auth/oauth2";

/**
 * HedgeDoc (pads): login through the tenant's realm only; no anonymous notes or edits, no local
 * accounts. PostgreSQL on CloudNativePG, uploaded images on a retained volume.
 * https://docs.hedgedoc.org/configuration/
 */
export class HedgeDoc extends pulumi.ComponentResource {
  constructor(name: string, args: AppArgs<AppSettings["hedgedoc"]>, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:apps:HedgeDoc", name, {}, opts);
    const { tenant, settings, services } = args;
    const scope = scopeOf(this, name, "hedgedoc", args.base);
    const host = hostnameOf(tenant, "hedgedoc")!;
    const url = `https://${host}`;

    const client = oidcClient(this, name, args.realm, {
      clientId: "hedgedoc",
      redirectUri: `${url}${HEDGEDOC_CALLBACK_PATH}`,
      rootUrl: url,
      loginPath: HEDGEDOC_LOGIN_PATH,
      pkce: "S256",
      postLogoutRedirectUris: [],
    });
    const sessionSecret = new random.RandomPassword(`${name}-session-secret`, { length: 48, special: false }, { parent: this });
    const secret = appSecret(scope, {
      "session-secret": sessionSecret.result,
      "oidc-client-secret": client.clientSecret,
      ...backupCredentialEntries(services.backups),
    });
    const uploads = volumeClaim(scope, { key: "uploads", sizeGiB: settings.uploadsStorageGiB });
    const db = postgres(scope, {
      backups: tenant.backups,
      services,
      secretName: secret.name,
    });
    const endpoints = keycloakEndpoints(client.issuer);

    workload(
      scope,
      "web",
      {
        containers: [
          {
            name: "hedgedoc",
            image: HEDGEDOC_IMAGE,
            env: {
              CMD_DOMAIN: host,
              CMD_PROTOCOL_USESSL: "true",
              CMD_URL_ADDPORT: "false",
              CMD_PORT: "3000",
              CMD_SESSION_SECRET: { secretKey: "session-secret" },
              CMD_DB_DIALECT: "postgres",
              CMD_DB_HOST: db.host,
              CMD_DB_PORT: "5432",
              CMD_DB_DATABASE: db.database,
              CMD_DB_USERNAME: db.user,
              CMD_DB_PASSWORD: db.password,
              // Members only: every note has an author from the realm.
              CMD_ALLOW_ANONYMOUS: "false",
              CMD_ALLOW_ANONYMOUS_EDITS: "false",
              CMD_EMAIL: "false",
              CMD_ALLOW_EMAIL_REGISTER: "false",
              CMD_IMAGE_UPLOAD_TYPE: "filesystem",
              CMD_OAUTH2_PROVIDERNAME: tenant.name,
              CMD_OAUTH2_CLIENT_ID: client.clientId,
              CMD_OAUTH2_CLIENT_SECRET: { secretKey: "oidc-client-secret" },
              CMD_OAUTH2_AUTHORIZATION_URL: endpoints.authorization,
              CMD_OAUTH2_TOKEN_URL: endpoints.token,
              CMD_OAUTH2_USER_PROFILE_URL: endpoints.userinfo,
              CMD_OAUTH2_SCOPE: "openid email profile",
              // The client requires PKCE; HedgeDoc sends it only when told.
              CMD_OAUTH2_PKCE: "true",
              // The account is the realm's subject, not its username, which can change
              // (lib/web/auth/oauth2/index.js, parseProfile: the id falls back to the username).
              CMD_OAUTH2_USER_PROFILE_ID_ATTR: "sub",
              CMD_OAUTH2_USER_PROFILE_USERNAME_ATTR: "preferred_username",
              CMD_OAUTH2_USER_PROFILE_DISPLAY_NAME_ATTR: "name",
              CMD_OAUTH2_USER_PROFILE_EMAIL_ATTR: "email",
            },
            ports: [{ name: "http", containerPort: 3000 }],
            // statusRouter.get('/_health') (lib/web/statusRouter.js:15 at 1.10.7), outside the session middleware (app.js:185).
            readiness: { http: "/_health", port: "http" },
            // Database migrations run before the first start.
            startupSeconds: 180,
            resources: { cpuMillis: 50, memoryMiB: 192 },
            runAsUser: HEDGEDOC_USER,
            scratch: { tmp: "/tmp" },
            mounts: [{ name: uploads.volume.name, mountPath: "/hedgedoc/public/uploads" }],
          },
        ],
        volumes: [uploads.volume],
        fsGroup: HEDGEDOC_USER,
        egress: ["sso"],
        ports: [{ name: "http", port: 80, targetPort: "http" }],
        routes: [{ host }],
      },
      secret.name,
    );
    this.registerOutputs({});
  }
}
