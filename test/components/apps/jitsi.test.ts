import { describe, expect, it } from "vitest";
import { videoEnv } from "../../../components/apps/jitsi";
import { VIDEO_HEIGHTS } from "../../../model/apps";
import { inputs } from "../../helpers/app-scope";
import { named, tenantResources, VIDEOBRIDGE_PORT } from "../../helpers/tenant";

type Container = { name: string; image: string; env: { name: string; value?: string; valueFrom?: unknown }[]; securityContext: Record<string, unknown>; ports: unknown[] };
const envOf = (c: Container) => Object.fromEntries(c.env.map((e) => [e.name, e.value ?? e.valueFrom]));
const secretRef = (key: string) => ({ secretKeyRef: { name: "jitsi", key } });

async function meet(maxResolution: (typeof VIDEO_HEIGHTS)[number] = 720) {
  const resources = await tenantResources({ apps: { jitsi: { maxResolution } } });
  const containers = inputs(named(resources, "les-semeurs-jitsi-meet")).spec.template.spec.containers as Container[];
  return { resources, byName: Object.fromEntries(containers.map((c) => [c.name, c])) as Record<string, Container> };
}

describe("Jitsi", () => {
  it("runs web, prosody, jicofo and the videobridge at one pinned release, plus the Keycloak adapter, all non-root", async () => {
    const { byName } = await meet();
    expect(Object.fromEntries(Object.entries(byName).map(([n, c]) => [n, c.image]))).toEqual({
      web: "ghcr.io/jitsi/web:stable-11146-2",
      prosody: "ghcr.io/jitsi/prosody:stable-11146-2",
      jicofo: "ghcr.io/jitsi/jicofo:stable-11146-2",
      jvb: "ghcr.io/jitsi/jvb:stable-11146-2",
      adapter: "ghcr.io/nordeck/jitsi-keycloak-adapter-v2:v20260328",
    });
    for (const c of Object.values(byName)) {
      expect(c.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    }
  });

  it.each(VIDEO_HEIGHTS.map((h) => [h]))("caps video at %ip: resolution and constraints", async (height) => {
    const { byName } = await meet(height);
    const width = { 180: "320", 360: "640", 540: "960", 720: "1280" }[height];
    expect(envOf(byName["web"]!)).toMatchObject({ RESOLUTION: String(height), RESOLUTION_WIDTH: width, RESOLUTION_MIN: "180", RESOLUTION_WIDTH_MIN: "320" });
    expect(videoEnv(height).RESOLUTION).toBe(String(height));
  });

  it("authenticates hosts by JWT from the realm's adapter and lets guests join the rooms they are given", async () => {
    const { byName } = await meet();
    // Each image gets only what it reads (test/contracts/apps/jitsi.json): prosody checks tokens...
    expect(envOf(byName["prosody"]!)).toEqual({
      TZ: "UTC",
      PUBLIC_URL: "https://visio.semeurs.example",
      ENABLE_AUTH: "1",
      AUTH_TYPE: "jwt",
      ENABLE_GUESTS: "1",
      XMPP_MODULES: "persistent_lobby",
      XMPP_MUC_MODULES: "muc_wait_for_host",
      JWT_APP_ID: "jitsi",
      JWT_APP_SECRET: secretRef("jwt-app-secret"),
      JICOFO_AUTH_PASSWORD: secretRef("xmpp-components-password"),
      JVB_AUTH_PASSWORD: secretRef("xmpp-components-password"),
    });
    // ...the web page sends hosts to the adapter, and holds no secret.
    expect(envOf(byName["web"]!)).toMatchObject({ ENABLE_AUTH: "1", ENABLE_GUESTS: "1", TOKEN_AUTH_URL: "https://visio.semeurs.example/oidc/auth?state={state}" });
    for (const container of ["web", "jicofo", "jvb"]) expect(JSON.stringify(envOf(byName[container]!))).not.toContain("jwt-app-secret");
    expect(envOf(byName["adapter"]!)).toEqual({
      KEYCLOAK_ORIGIN: "https://sso.jardin.example",
      KEYCLOAK_REALM: "les-semeurs",
      KEYCLOAK_CLIENT_ID: "jitsi",
      KEYCLOAK_CLIENT_SECRET: secretRef("oidc-client-secret"),
      JWT_APP_ID: "jitsi",
      JWT_APP_SECRET: secretRef("jwt-app-secret"),
    });
  });

  it("routes the adapter's /oidc/ paths and the rest of the site through one Ingress", async () => {
    const { resources } = await meet();
    expect(inputs(named(resources, "les-semeurs-jitsi-meet")).spec.strategy).toEqual({ type: "Recreate" });
    const ingress = inputs(resources.find((r) => r.type === "kubernetes:networking.k8s.io/v1:Ingress" && r.name === "les-semeurs-jitsi-meet")!);
    expect(ingress.spec.rules[0].http.paths.map((p: { path: string; backend: { service: { port: { name: string } } } }) => [p.path, p.backend.service.port.name])).toEqual([
      ["/", "http"],
      ["/oidc/", "oidc"],
    ]);
  });

  it("exposes the videobridge on the tenant's UDP NodePort, answered by the node that runs it", async () => {
    const { resources, byName } = await meet();
    expect(envOf(byName["jvb"]!)).toMatchObject({ JVB_PORT: String(VIDEOBRIDGE_PORT), JVB_ADVERTISE_PRIVATE_CANDIDATES: "false" });
    expect(byName["jvb"]!.ports).toEqual([{ name: "media", containerPort: VIDEOBRIDGE_PORT, protocol: "UDP" }]);
    expect(inputs(named(resources, "les-semeurs-jitsi-media")).spec).toEqual({
      type: "NodePort",
      externalTrafficPolicy: "Local",
      selector: { "app.kubernetes.io/instance": "les-semeurs", "app.kubernetes.io/name": "jitsi", "app.kubernetes.io/component": "meet" },
      ports: [{ name: "media", port: VIDEOBRIDGE_PORT, targetPort: "media", protocol: "UDP", nodePort: VIDEOBRIDGE_PORT }],
    });
  });

  it("lets media in on that port from public addresses only, and out to public addresses only", async () => {
    const { resources } = await meet();
    const policy = resources.find((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.name === "les-semeurs-jitsi-media")!;
    const publicOnly = { ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"] } };
    expect(inputs(policy).spec.ingress).toEqual([{ from: [publicOnly], ports: [{ protocol: "UDP", port: VIDEOBRIDGE_PORT }] }]);
    expect(inputs(policy).spec.egress).toEqual([{ to: [publicOnly], ports: [{ protocol: "UDP" }] }]);
  });
});
