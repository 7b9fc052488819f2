import * as keycloak from "@pulumi/keycloak";
import type * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { TenantRealm } from "../../model/contract/realm";
import { sharedOnce } from "../workload/shared";

export interface OidcClient {
  /** The client id apps send: the app's name. */
  readonly clientId: string;
  /** Generated here, a Pulumi secret; apps receive it through their Kubernetes Secret. */
  readonly clientSecret: pulumi.Output<string>;
  readonly issuer: string;
}

/**
 * What an app's own code sends and serves, read in its source at the pinned tag (each app's
 * component cites it; test/contracts/apps/<app>.json keeps it as data the tests hold the client
 * against).
 */
export interface OidcClientSpec {
  readonly clientId: string;
  /** The one callback the app sends, exactly. */
  readonly redirectUri: string;
  /** `https://<app host>`, no trailing slash. */
  readonly rootUrl: string;
  /**
   * Where a browser's login starts, below `rootUrl` (with its query, if the app needs one): a GET
   * there is redirected, through the app's own host, to the realm with this client's id, redirect
   * URI and PKCE. Read in the app's source at its pinned tag; `npm run verify` starts it.
   */
  readonly loginPath: string;
  /**
   * Whether the app sends a PKCE challenge (S256). Keycloak refuses a login without one from a
   * client that requires it, so this follows the app, never the other way round.
   * @default "S256"
   */
  readonly pkce?: "S256" | "none";
  /**
   * Every `post_logout_redirect_uri` the app sends at logout, each exactly as sent: Keycloak
   * compares them string for string (no `*`, no `+`, which would copy the redirect URIs). Empty for
   * an app that never sends its users to Keycloak's logout.
   * @default [`${rootUrl}/`], the app's home page
   */
  readonly postLogoutRedirectUris?: readonly string[];
  /**
   * Where Keycloak posts a logout token when the user's session ends elsewhere (OIDC Back-Channel
   * Logout), for an app that serves one; with it, the token carries the session id (`sid`).
   * @default none: the app is not told
   */
  readonly backchannelLogoutUrl?: string;
}

/**
 * A confidential OpenID Connect client of the tenant's realm with exactly one redirect URI and
 * exact post-logout URIs: a leaked secret or a crafted logout link cannot send anyone elsewhere.
 */
export function oidcClient(parent: pulumi.Resource, name: string, realm: TenantRealm, spec: OidcClientSpec): OidcClient {
  // One client per client id in the realm: a moving tenant's second side uses the first's, as its
  // redirect URIs are per hostname, which a move does not change.
  return sharedOnce(realm, `oidc-client:${spec.clientId}`, () => newOidcClient(parent, name, realm, spec));
}

function newOidcClient(parent: pulumi.Resource, name: string, realm: TenantRealm, spec: OidcClientSpec): OidcClient {
  const postLogoutRedirectUris = spec.postLogoutRedirectUris ?? [`${spec.rootUrl}/`];
  const problems = [
    ...exactUriProblems("redirectUri", [spec.redirectUri]),
    ...(spec.loginPath.startsWith("/") ? [] : [`loginPath: "${spec.loginPath}" must start with "/" (a path below rootUrl)`]),
    ...exactUriProblems("postLogoutRedirectUris", postLogoutRedirectUris),
    ...(spec.backchannelLogoutUrl === undefined ? [] : exactUriProblems("backchannelLogoutUrl", [spec.backchannelLogoutUrl])),
  ];
  if (problems.length > 0) {
    throw new Error(`OIDC client "${spec.clientId}" (${name}): ${problems.join("; ")}`);
  }
  const secret = new random.RandomPassword(`${name}-oidc-secret`, { length: 48, special: false }, { parent });
  new keycloak.openid.Client(
    `${name}-oidc`,
    {
      realmId: realm.realm.id,
      clientId: spec.clientId,
      name: spec.clientId,
      accessType: "CONFIDENTIAL",
      clientSecret: secret.result,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      // "" is "no PKCE required" for terraform-provider-keycloak (its `pkce_code_challenge_method`).
      pkceCodeChallengeMethod: (spec.pkce ?? "S256") === "S256" ? "S256" : "",
      rootUrl: spec.rootUrl,
      validRedirectUris: [spec.redirectUri],
      validPostLogoutRedirectUris: [...postLogoutRedirectUris],
      webOrigins: [spec.rootUrl],
      ...(spec.backchannelLogoutUrl === undefined
        ? {}
        : { backchannelLogoutUrl: spec.backchannelLogoutUrl, backchannelLogoutSessionRequired: true }),
    },
    { parent, provider: realm.provider },
  );
  realm.logins.push({ clientId: spec.clientId, loginUrl: `${spec.rootUrl}${spec.loginPath}`, redirectUri: spec.redirectUri, pkce: spec.pkce ?? "S256" });
  return { clientId: spec.clientId, clientSecret: secret.result, issuer: realm.issuer };
}

/**
 * Keycloak treats a `*` at the end of an allowed URI as "anything below", `+` in the post-logout
 * list as "every redirect URI", and a path starting with `/` as relative to the root URL
 * (services/src/main/java/org/keycloak/protocol/oidc/utils/RedirectUtils.java): none is exact.
 */
export function exactUriProblems(field: string, uris: readonly string[]): string[] {
  return uris.flatMap((uri) => {
    if (uri.includes("*") || uri === "+") return [`${field}: "${uri}" is a pattern; list each URI the app sends, exactly`];
    if (!URL.canParse(uri) || new URL(uri).protocol !== "https:") return [`${field}: "${uri}" is not an absolute https URL; write it in full`];
    return [];
  });
}
