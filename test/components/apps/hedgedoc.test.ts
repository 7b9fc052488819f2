import { describe, expect, it } from "vitest";
import { HedgeDoc } from "../../../components/apps/hedgedoc";
import type { AppSettings } from "../../../model/apps";
import { baselineTenant } from "../../helpers/declarations";
import { envOf, named, underTenant } from "../../helpers/tenant-context";

const plan = underTenant(baselineTenant({ apps: { hedgedoc: {} } }), (context, parent, tenant) =>
  new HedgeDoc("les-semeurs-hedgedoc", { ...context, settings: tenant.apps.hedgedoc as AppSettings["hedgedoc"] }, { parent }),
);

describe("HedgeDoc", () => {
  it("runs 1.x pinned, members only, OAuth2 against the realm, secrets from its Secret and the database's", async () => {
    const deployment = named((await plan).resources, "kubernetes:apps/v1:Deployment", "les-semeurs-hedgedoc-web").inputs as any;
    const [container] = deployment.spec.template.spec.containers;
    const realm = "https://sso.jardin.example/realms/les-semeurs/protocol/openid-connect";
    expect(container.image).toBe("quay.io/hedgedoc/hedgedoc:1.10.7");
    expect(envOf(container)).toEqual({
      CMD_DOMAIN: "pad.semeurs.example",
      CMD_PROTOCOL_USESSL: "true",
      CMD_URL_ADDPORT: "false",
      CMD_PORT: "3000",
      CMD_SESSION_SECRET: "secret:hedgedoc/session-secret",
      CMD_DB_DIALECT: "postgres",
      CMD_DB_HOST: "hedgedoc-db-rw",
      CMD_DB_PORT: "5432",
      CMD_DB_DATABASE: "hedgedoc",
      CMD_DB_USERNAME: "hedgedoc",
      CMD_DB_PASSWORD: "secret:hedgedoc-db-app/password",
      CMD_ALLOW_ANONYMOUS: "false",
      CMD_ALLOW_ANONYMOUS_EDITS: "false",
      CMD_EMAIL: "false",
      CMD_ALLOW_EMAIL_REGISTER: "false",
      CMD_IMAGE_UPLOAD_TYPE: "filesystem",
      CMD_OAUTH2_PROVIDERNAME: "Les Semeurs",
      CMD_OAUTH2_CLIENT_ID: "hedgedoc",
      CMD_OAUTH2_CLIENT_SECRET: "secret:hedgedoc/oidc-client-secret",
      CMD_OAUTH2_AUTHORIZATION_URL: `${realm}/auth`,
      CMD_OAUTH2_TOKEN_URL: `${realm}/token`,
      CMD_OAUTH2_USER_PROFILE_URL: `${realm}/userinfo`,
      CMD_OAUTH2_SCOPE: "openid email profile",
      CMD_OAUTH2_PKCE: "true",
      CMD_OAUTH2_USER_PROFILE_ID_ATTR: "sub",
      CMD_OAUTH2_USER_PROFILE_USERNAME_ATTR: "preferred_username",
      CMD_OAUTH2_USER_PROFILE_DISPLAY_NAME_ATTR: "name",
      CMD_OAUTH2_USER_PROFILE_EMAIL_ATTR: "email",
    });
    expect(container.readinessProbe.httpGet).toEqual({ path: "/_health", port: "http" });
    expect(container.startupProbe.failureThreshold).toBe(18);
    expect(container.securityContext.runAsUser).toBe(10000);
    expect(container.volumeMounts).toContainEqual({ name: "uploads", mountPath: "/hedgedoc/public/uploads" });
    expect(deployment.spec.template.spec.securityContext.fsGroup).toBe(10000);
  });

  it("reaches only the realm beyond itself", async () => {
    const labels = (named((await plan).resources, "kubernetes:apps/v1:Deployment", "les-semeurs-hedgedoc-web").inputs as any).spec.template.metadata.labels;
    expect(Object.keys(labels).filter((k) => k.startsWith("jardin/egress-"))).toEqual(["jardin/egress-sso"]);
  });
});
