import * as keycloak from "@pulumi/keycloak";
import type * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { TenantRealm } from "../../model/contract/realm";

export interface OidcClient {
  /** The client id apps send: the app's name. */
  readonly clientId: string;
  /** Generated here, a Pulumi secret; apps receive it through their Kubernetes Secret. */
  readonly clientSecret: pulumi.Output<string>;
  readonly issuer: string;
}

/**
 * A confidential OpenID Connect client of the tenant's realm with exactly one redirect URI: a
 * leaked secret cannot send a login anywhere else.
 */
export function oidcClient(
  parent: pulumi.Resource,
  name: string,
  realm: TenantRealm,
  spec: { readonly clientId: string; readonly redirectUri: string; readonly rootUrl: string },
): OidcClient {
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
      pkceCodeChallengeMethod: "S256",
      rootUrl: spec.rootUrl,
      validRedirectUris: [spec.redirectUri],
      validPostLogoutRedirectUris: [`${spec.rootUrl}/*`],
      webOrigins: [spec.rootUrl],
    },
    { parent, provider: realm.provider },
  );
  return { clientId: spec.clientId, clientSecret: secret.result, issuer: realm.issuer };
}
