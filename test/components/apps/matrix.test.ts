import { describe, expect, it } from "vitest";
import { Matrix, MATRIX_IMAGES, SERVER_NAME_ANNOTATION, SYNAPSE_BACKCHANNEL_LOGOUT_PATH, synapseSigningKey } from "../../../components/apps/matrix";
import synapseContract from "../../contracts/synapse/oidc-v1.149.1.json";
import type { AppSettings } from "../../../model/apps";
import type { TenantInput } from "../../../model/tenant";
import { baselineTenant } from "../../helpers/declarations";
import { serverNamesIn } from "../../../scripts/plan/gate/matrix-server-names";
import { envOf, named, underTenant } from "../../helpers/tenant-context";

async function matrixPlan(matrix: TenantInput["apps"]["matrix"], extra: Partial<TenantInput> = {}) {
  const input = baselineTenant({ apps: { matrix, jitsi: {} }, ...extra });
  return underTenant(input, (context, parent, tenant) =>
    new Matrix("les-semeurs-matrix", { ...context, settings: tenant.apps.matrix as AppSettings["matrix"] }, { parent }),
  );
}

const deployment = "kubernetes:apps/v1:Deployment";
const config = async (plan: Awaited<ReturnType<typeof matrixPlan>>) => (named(plan.resources, "kubernetes:core/v1:ConfigMap", "les-semeurs-matrix-config").inputs as any).data;

describe("Matrix", () => {
  it("runs Synapse pinned, as its own user, with both config files and the signing key read-only", async () => {
    const plan = await matrixPlan({});
    const synapse = (named(plan.resources, deployment, "les-semeurs-matrix-synapse").inputs as any);
    const pod = synapse.spec.template.spec;
    const [container] = pod.containers;
    expect(container.image).toBe(MATRIX_IMAGES.synapse);
    expect(MATRIX_IMAGES.synapse).toBe("matrixdotorg/synapse:v1.149.1");
    expect(container.command).toEqual([
      "python", "-m", "synapse.app.homeserver", "--config-path", "/config/homeserver.yaml", "--config-path", "/secrets/secrets.yaml",
    ]);
    expect(container.securityContext).toMatchObject({ runAsUser: 991, runAsGroup: 991, readOnlyRootFilesystem: true });
    expect(container.readinessProbe.httpGet).toEqual({ path: "/health", port: "http" });
    expect(envOf(container)).toEqual({ PGPASSWORD: "secret:matrix-db-app/password" });
    expect(pod.volumes).toContainEqual({
      name: "secrets",
      secret: { secretName: "matrix", defaultMode: 0o440, items: [{ key: "secrets.yaml", path: "secrets.yaml" }, { key: "signing.key", path: "signing.key" }] },
    });
    expect(container.volumeMounts).toEqual(
      expect.arrayContaining([{ name: "media", mountPath: "/data" }, { name: "secrets", mountPath: "/secrets", readOnly: true }]),
    );
    expect(synapse.spec.strategy).toEqual({ type: "Recreate" });
  });

  it("shows the server name in clear on the Deployment and in both configs, where the data-loss gate reads it", async () => {
    const plan = await matrixPlan({ serverName: "semeurs.example" });
    const synapse = named(plan.resources, deployment, "les-semeurs-matrix-synapse");
    expect((synapse.inputs as any).metadata.annotations).toEqual({ [SERVER_NAME_ANNOTATION]: "semeurs.example" });
    expect(plan.resources.flatMap((r) => serverNamesIn(r))).toEqual([
      { tenant: "les-semeurs", name: "semeurs.example", where: "annotation jardin/matrix-server-name" },
      { tenant: "les-semeurs", name: "semeurs.example", where: "homeserver.yaml server_name" },
      { tenant: "les-semeurs", name: "semeurs.example", where: "Element's config.json server_name" },
    ]);
  });

  it("logs in through the realm only: no local passwords, no registration, the client secret in the secret half", async () => {
    const homeserver = JSON.parse((await config(await matrixPlan({})))["homeserver.yaml"]);
    expect(homeserver).toMatchObject({
      server_name: "matrix.semeurs.example",
      public_baseurl: "https://matrix.semeurs.example/",
      password_config: { enabled: false },
      enable_registration: false,
      media_store_path: "/data/media",
      signing_key_path: "/secrets/signing.key",
      database: { name: "psycopg2", args: { host: "matrix-db-rw", port: 5432, dbname: "matrix", user: "matrix", cp_min: 2, cp_max: 10 } },
    });
    for (const secretKey of ["macaroon_secret_key", "form_secret", "oidc_providers", "email", "registration_shared_secret"]) {
      expect(Object.keys(homeserver)).not.toContain(secretKey);
    }
  });

  it("has Keycloak tell Synapse of logouts at the back-channel URL Synapse serves, with the session id it requires", async () => {
    const client = named((await matrixPlan({})).resources, "keycloak:openid/client:Client", "les-semeurs-matrix-oidc").inputs as any;
    expect(SYNAPSE_BACKCHANNEL_LOGOUT_PATH).toBe(synapseContract.backchannelLogoutPath);
    expect(synapseContract.backchannelLogoutNeedsSid).toBe(true);
    expect(client).toMatchObject({
      backchannelLogoutUrl: "https://matrix.semeurs.example/_synapse/client/oidc/backchannel_logout",
      backchannelLogoutSessionRequired: true,
    });
    // Synapse sends S256 (its pkce_method "auto" against Keycloak's discovery) and never a
    // post-logout redirect: the client requires the one and allows none of the other.
    expect([client.pkceCodeChallengeMethod, client.validPostLogoutRedirectUris]).toEqual(["S256", []]);
  });

  it("federates when the file says so: both endpoints, /.well-known/matrix on the server name's host, egress on 443 and 8448", async () => {
    const plan = await matrixPlan({ serverName: "semeurs.example", federation: true });
    const homeserver = JSON.parse((await config(plan))["homeserver.yaml"]);
    expect(homeserver.listeners[0].resources).toEqual([{ names: ["client", "federation"], compress: false }]);
    expect(homeserver.serve_server_wellknown).toBe(true);
    expect(homeserver.federation_domain_whitelist).toBeUndefined();
    const ingress = (named(plan.resources, "kubernetes:networking.k8s.io/v1:Ingress", "les-semeurs-matrix-synapse").inputs as any).spec;
    expect(ingress.rules.map((r: any) => [r.host, r.http.paths.map((p: any) => p.path)])).toEqual([
      ["matrix.semeurs.example", ["/"]],
      ["semeurs.example", ["/.well-known/matrix"]],
    ]);
    expect(ingress.tls).toEqual([{ hosts: ["matrix.semeurs.example", "semeurs.example"], secretName: "matrix-synapse-tls" }]);
    const policy = (named(plan.resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "les-semeurs-matrix-federation").inputs as any).spec;
    expect(policy).toEqual({
      podSelector: { matchLabels: { "app.kubernetes.io/instance": "les-semeurs", "app.kubernetes.io/name": "matrix", "app.kubernetes.io/component": "synapse" } },
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"] } }],
          ports: [{ protocol: "TCP", port: 443 }, { protocol: "TCP", port: 8448 }],
        },
      ],
    });
  });

  it("closes federation when the file says so: no federation listener, nobody whitelisted, no egress beyond login and mail", async () => {
    const plan = await matrixPlan({ federation: false });
    const homeserver = JSON.parse((await config(plan))["homeserver.yaml"]);
    expect(homeserver.listeners[0].resources).toEqual([{ names: ["client"], compress: false }]);
    expect(homeserver.federation_domain_whitelist).toEqual([]);
    expect(homeserver.trusted_key_servers).toEqual([]);
    expect(homeserver.serve_server_wellknown).toBe(false);
    expect(plan.resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy")).toEqual([]);
    const labels = (named(plan.resources, deployment, "les-semeurs-matrix-synapse").inputs as any).spec.template.metadata.labels;
    expect(Object.keys(labels).filter((k) => k.startsWith("jardin/egress-")).sort()).toEqual(["jardin/egress-smtp", "jardin/egress-sso"]);
  });

  it("points Element at the homeserver, without an integrations manager, video on the tenant's own Jitsi", async () => {
    const plan = await matrixPlan({ serverName: "semeurs.example" });
    expect(JSON.parse((await config(plan))["config.json"])).toEqual({
      default_server_config: { "m.homeserver": { base_url: "https://matrix.semeurs.example", server_name: "semeurs.example" } },
      disable_custom_urls: true,
      disable_guests: true,
      brand: "Les Semeurs",
      show_labs_settings: false,
      // Null, not absent: Element's DEFAULTS name scalar.vector.im otherwise.
      integrations_ui_url: null,
      integrations_rest_url: null,
      integrations_widgets_urls: null,
      sso_redirect_options: { immediate: true },
      jitsi: { preferred_domain: "visio.semeurs.example" },
    });
    const element = (named(plan.resources, deployment, "les-semeurs-matrix-element").inputs as any);
    const [container] = element.spec.template.spec.containers;
    expect([container.image, container.securityContext.runAsUser, envOf(container)]).toEqual([
      "vectorim/element-web:v1.12.27", 101, { ELEMENT_WEB_PORT: "8080" },
    ]);
    const ingress = (named(plan.resources, "kubernetes:networking.k8s.io/v1:Ingress", "les-semeurs-matrix-element").inputs as any).spec;
    expect(ingress.rules.map((r: any) => r.host)).toEqual(["chat.semeurs.example"]);
  });

  it("generates the signing key once, kept in the state, in Synapse's file format, only in the Secret", async () => {
    const plan = await matrixPlan({});
    expect((named(plan.resources, "random:index/randomBytes:RandomBytes", "les-semeurs-matrix-signing-seed").inputs as any).length).toBe(32);
    const secret = named(plan.resources, "kubernetes:core/v1:Secret", "les-semeurs-matrix-secret").inputs as any;
    // Under mocks the generated values are unknown; with a real state they are secrets.
    expect(["[secret]", "[unknown]"]).toContain(secret.stringData);
    expect(synapseSigningKey("k3y9", Buffer.alloc(32, 7).toString("base64"))).toBe("ed25519 a_k3y9 BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc\n");
  });

  it("keeps the media on a claim of the tenant's size", async () => {
    const plan = await matrixPlan({ mediaStorageGiB: 200 });
    const pvc = named(plan.resources, "kubernetes:core/v1:PersistentVolumeClaim", "les-semeurs-matrix-media");
    expect([pvc.protect, pvc.retainOnDelete, (pvc.inputs as any).spec.resources.requests.storage]).toEqual([true, true, "200Gi"]);
  });
});
