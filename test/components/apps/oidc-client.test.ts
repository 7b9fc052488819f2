import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { exactUriProblems, oidcClient, type OidcClientSpec } from "../../../components/apps/oidc-client";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import type { TenantRealm } from "../../../model/contract/realm";

const BASE: OidcClientSpec = { clientId: "pads", redirectUri: "https://pad.semeurs.example/auth/callback", rootUrl: "https://pad.semeurs.example", loginPath: "/auth/login" };

async function planClient(spec: OidcClientSpec) {
  const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    const parent = new pulumi.ComponentResource("jardin:test:App", "les-semeurs-pads", {});
    const provider = new keycloak.Provider("sso", { url: "https://sso.jardin.example", initialLogin: false });
    const realm = new keycloak.Realm("les-semeurs-realm", { realm: "les-semeurs" }, { provider });
    const logins: TenantRealm["logins"] = [];
    oidcClient(parent, "les-semeurs-pads", { realm, provider, name: "les-semeurs", issuer: "https://sso.jardin.example/realms/les-semeurs", logins, shared: new Map() }, spec);
    return logins;
  });
  return Object.assign(run.resources.filter((r) => r.type === "keycloak:openid/client:Client").map((r) => r.inputs), { logins: run.result });
}

describe("an app's OIDC client", () => {
  it("records the app's login in its realm, as npm run verify starts it: where, with which client, callback and PKCE", async () => {
    expect((await planClient(BASE)).logins).toEqual([
      { clientId: "pads", loginUrl: "https://pad.semeurs.example/auth/login", redirectUri: BASE.redirectUri, pkce: "S256" },
    ]);
    expect((await planClient({ ...BASE, pkce: "none" })).logins).toEqual([
      { clientId: "pads", loginUrl: "https://pad.semeurs.example/auth/login", redirectUri: BASE.redirectUri, pkce: "none" },
    ]);
  });

  it("lets the app send users back to its home page only, by default, and tells it nothing of logouts elsewhere", async () => {
    const [client] = await planClient(BASE);
    expect(client).toMatchObject({ validRedirectUris: [BASE.redirectUri], validPostLogoutRedirectUris: ["https://pad.semeurs.example/"] });
    expect(Object.keys(client!)).not.toContain("backchannelLogoutUrl");
  });

  it("takes the post-logout URIs the app states, exactly, and its back-channel logout URL with the session id", async () => {
    const [client] = await planClient({
      ...BASE,
      postLogoutRedirectUris: ["https://pad.semeurs.example/", "https://pad.semeurs.example/logout/done"],
      backchannelLogoutUrl: "https://pad.semeurs.example/logout/backchannel",
    });
    expect(client).toMatchObject({
      validPostLogoutRedirectUris: ["https://pad.semeurs.example/", "https://pad.semeurs.example/logout/done"],
      backchannelLogoutUrl: "https://pad.semeurs.example/logout/backchannel",
      backchannelLogoutSessionRequired: true,
    });
  });

  it.each([
    ["a wildcard", { postLogoutRedirectUris: ["https://pad.semeurs.example/*"] }, 'postLogoutRedirectUris: "https://pad.semeurs.example/*" is a pattern'],
    ["Keycloak's copy-the-redirect-URIs", { postLogoutRedirectUris: ["+"] }, 'postLogoutRedirectUris: "+" is a pattern'],
    ["a relative path", { postLogoutRedirectUris: ["/"] }, 'postLogoutRedirectUris: "/" is not an absolute https URL'],
    ["plain HTTP", { redirectUri: "http://pad.semeurs.example/auth/callback" }, 'redirectUri: "http://pad.semeurs.example/auth/callback" is not an absolute https URL'],
    ["a wildcard callback", { redirectUri: "https://pad.semeurs.example/*" }, 'redirectUri: "https://pad.semeurs.example/*" is a pattern'],
    ["a wildcard back-channel URL", { backchannelLogoutUrl: "https://*.semeurs.example/logout" }, 'backchannelLogoutUrl: "https://*.semeurs.example/logout" is a pattern'],
  ])("refuses %s before registering anything", async (_, change, message) => {
    await expect(planClient({ ...BASE, ...change })).rejects.toThrow(`OIDC client "pads" (les-semeurs-pads): ${message}`);
  });

  it("accepts exact https URLs only", () => {
    expect(exactUriProblems("x", ["https://a.example/", "https://a.example/p?q=1"])).toEqual([]);
    expect(exactUriProblems("x", ["https://a.example/*", "+", "a.example/"])).toHaveLength(3);
  });
});
