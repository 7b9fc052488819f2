/**
 * Keycloak's OpenID Connect endpoints under a realm's issuer, for apps that take them one by one
 * rather than by discovery.
 * https://www.keycloak.org/securing-apps/oidc-layers#_oidc_available_endpoints
 */
export function keycloakEndpoints(issuer: string): { authorization: string; token: string; userinfo: string } {
  const base = `${issuer}/protocol/openid-connect`;
  return { authorization: `${base}/auth`, token: `${base}/token`, userinfo: `${base}/userinfo` };
}
