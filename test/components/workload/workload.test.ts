import { describe, expect, it } from "vitest";
import { pinnedImage, type ContainerSpec } from "../../../components/workload/container";
import { placementOf } from "../../../components/workload/placement";
import { workload, type WorkloadSpec } from "../../../components/workload/workload";
import { byType, inputs, one, TEST_APP_URN, TEST_PROVIDER_URN, underAppScope } from "../../helpers/app-scope";

const web: ContainerSpec = {
  name: "web",
  image: "example/web:1.2.3",
  env: { MODE: "production", TOKEN: { secretKey: "token" } },
  ports: [{ name: "http", containerPort: 8080 }],
  readiness: { http: "/health", port: "http" },
  resources: { cpuMillis: 100, memoryMiB: 128 },
  scratch: { tmp: "/tmp" },
};

const spec: WorkloadSpec = {
  containers: [web],
  ports: [{ name: "http", port: 80, targetPort: "http" }],
  routes: [{ host: "demo.semeurs.example" }],
  egress: ["sso", "smtp"],
};

const selector = { "app.kubernetes.io/instance": "les-semeurs", "app.kubernetes.io/name": "demo", "app.kubernetes.io/component": "web" };
const labels = { "app.kubernetes.io/instance": "les-semeurs", "jardin/tenant": "les-semeurs", "app.kubernetes.io/name": "demo", "app.kubernetes.io/component": "web" };

describe("workload", () => {
  it("runs a hardened, pinned, probed container with requests, a memory limit and secret references", async () => {
    const { resources } = await underAppScope((scope) => workload(scope, "web", spec, "demo"));
    const deployment = one(resources, "kubernetes:apps/v1:Deployment");
    expect([deployment.name, deployment.parent, deployment.provider]).toEqual(["les-semeurs-demo-web", TEST_APP_URN, TEST_PROVIDER_URN]);
    const pod = inputs(deployment).spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toEqual([{ name: "tmp", emptyDir: {} }]);
    expect(pod.containers).toEqual([
      {
        name: "web",
        image: "example/web:1.2.3",
        imagePullPolicy: "IfNotPresent",
        env: [
          { name: "MODE", value: "production" },
          { name: "TOKEN", valueFrom: { secretKeyRef: { name: "demo", key: "token" } } },
        ],
        ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
        readinessProbe: { httpGet: { path: "/health", port: "http" }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
        livenessProbe: { httpGet: { path: "/health", port: "http" }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        securityContext: {
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        },
        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
      },
    ]);
  });

  it("labels the pods for the tenant's NetworkPolicies: from the ingress, egress to what it needs", async () => {
    const { resources } = await underAppScope((scope) => workload(scope, "web", spec, "demo"));
    const deployment = inputs(one(resources, "kubernetes:apps/v1:Deployment"));
    expect(deployment.spec.selector).toEqual({ matchLabels: selector });
    expect(deployment.spec.template.metadata.labels).toEqual({
      ...labels,
      "jardin/egress-sso": "allow",
      "jardin/egress-smtp": "allow",
      "jardin/from-ingress": "allow",
    });
    expect(deployment.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  it("puts a Service in front and an Ingress with a certificate from the platform's issuer", async () => {
    const { resources } = await underAppScope((scope) =>
      workload(scope, "web", { ...spec, routes: [{ host: "demo.semeurs.example" }, { host: "files.semeurs.example", paths: [{ path: "/dav", port: "http" }], health: "/dav/status" }] }, "demo"),
    );
    expect(inputs(one(resources, "kubernetes:core/v1:Service")).spec).toEqual({
      type: "ClusterIP",
      selector,
      ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
    });
    const ingress = inputs(one(resources, "kubernetes:networking.k8s.io/v1:Ingress"));
    expect(ingress.metadata.annotations).toEqual({ "cert-manager.io/cluster-issuer": "letsencrypt" });
    expect(ingress.spec).toEqual({
      ingressClassName: "traefik",
      tls: [{ hosts: ["demo.semeurs.example", "files.semeurs.example"], secretName: "demo-web-tls" }],
      rules: [
        { host: "demo.semeurs.example", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "demo-web", port: { name: "http" } } } }] } },
        { host: "files.semeurs.example", http: { paths: [{ path: "/dav", pathType: "Prefix", backend: { service: { name: "demo-web", port: { name: "http" } } } }] } },
      ],
    });
  });

  it("puts a dedicated tenant's pods on its own pool", async () => {
    const placement = placementOf({ id: "les-semeurs", plan: { kind: "dedicated", serverType: "cpx42", count: 2 } });
    const { resources } = await underAppScope((scope) => workload(scope, "web", spec, "demo"), { placement });
    const pod = inputs(one(resources, "kubernetes:apps/v1:Deployment")).spec.template.spec;
    expect(pod.nodeSelector).toEqual({ "jardin/tenant": "les-semeurs" });
    expect(pod.tolerations).toEqual([{ key: "jardin/tenant", operator: "Equal", value: "les-semeurs", effect: "NoSchedule" }]);
    expect(placementOf({ id: "les-semeurs", plan: { kind: "shared" } })).toBeUndefined();
  });

  it("runs a StatefulSet with several containers, and recreates pods that mount a claim", async () => {
    const sidecar: ContainerSpec = { ...web, name: "sidecar", image: "example/sidecar:0.4", ports: [], readiness: { tcp: 9000 } };
    const { resources, budget } = await underAppScope((scope) => {
      workload(scope, "db", { kind: "StatefulSet", containers: [web, sidecar] }, "demo");
      workload(scope, "files", { containers: [web], volumes: [{ name: "data", persistentVolumeClaim: { claimName: "demo-data" } }] }, "demo");
    });
    const set = inputs(one(resources, "kubernetes:apps/v1:StatefulSet"));
    expect(set.spec.serviceName).toBe("demo-db");
    expect(set.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(["web", "sidecar"]);
    expect(inputs(one(resources, "kubernetes:apps/v1:Deployment")).spec.strategy).toEqual({ type: "Recreate" });
    expect(budget.footprints).toEqual([
      { app: "demo", owner: "demo/db", pods: 1, cpuMillis: 200, memoryMiB: 256, memoryLimitMiB: 512 },
      { app: "demo", owner: "demo/files", pods: 1, cpuMillis: 100, memoryMiB: 128, memoryLimitMiB: 256 },
    ]);
  });

  it("counts the surge pod of a rolling update in the budget", async () => {
    const { budget } = await underAppScope((scope) => workload(scope, "web", { ...spec, replicas: 2 }, "demo"));
    expect(budget.footprints).toEqual([{ app: "demo", owner: "demo/web", pods: 3, cpuMillis: 100, memoryMiB: 128, memoryLimitMiB: 256 }]);
  });

  it("scales a suspended tenant's workload to zero and takes its Ingress away", async () => {
    const { resources, budget } = await underAppScope((scope) => workload(scope, "web", spec, "demo"), { state: "suspended" });
    expect(inputs(one(resources, "kubernetes:apps/v1:Deployment")).spec.replicas).toBe(0);
    expect(byType(resources, "kubernetes:core/v1:Service")).toHaveLength(1);
    expect(byType(resources, "kubernetes:networking.k8s.io/v1:Ingress")).toEqual([]);
    expect(budget.footprints.map((f) => f.pods)).toEqual([0]);
  });

  it("declares nothing for an archived tenant", async () => {
    const { resources } = await underAppScope((scope) => workload(scope, "web", spec, "demo"), { state: "archived" });
    expect(resources).toEqual([]);
  });
});

describe("pinnedImage", () => {
  it.each(["nginx", "nginx:latest", "nginx:stable", "registry.example:5000/nginx"])("refuses %s", (image) => {
    expect(() => pinnedImage(image)).toThrow(`image "${image}" is not pinned`);
  });

  it("accepts a version tag, also behind a registry port", () => {
    expect(pinnedImage("registry.example:5000/nginx:1.29.3")).toBe("registry.example:5000/nginx:1.29.3");
  });
});

describe("what npm run verify asks of a workload's routes", () => {
  it("records each routed host with its app's health path: the HTTP readiness path by default, a route's own when it gives one", async () => {
    const { budget } = await underAppScope((scope) =>
      workload(scope, "web", { ...spec, routes: [{ host: "demo.semeurs.example" }, { host: "files.semeurs.example", paths: [{ path: "/dav", port: "http" }], health: "/dav/status" }] }, "demo"),
    );
    expect(budget.endpoints).toEqual([
      { app: "demo", hostname: "demo.semeurs.example", healthPath: "/health" },
      { app: "demo", hostname: "files.semeurs.example", healthPath: "/dav/status" },
    ]);
  });

  it("records none for a route that says it serves nothing to ask, nor for a tenant that is not running", async () => {
    expect((await underAppScope((scope) => workload(scope, "web", { ...spec, routes: [{ host: "demo.semeurs.example", health: null }] }, "demo"))).budget.endpoints).toEqual([]);
    expect((await underAppScope((scope) => workload(scope, "web", spec, "demo"), { state: "suspended" })).budget.endpoints).toEqual([]);
  });

  it("refuses a route without a health path when the readiness check is not HTTP", async () => {
    const tcp: ContainerSpec = { ...web, readiness: { tcp: "http" } };
    await expect(underAppScope((scope) => workload(scope, "web", { ...spec, containers: [tcp] }, "demo"))).rejects.toThrow(
      "demo/web: the route of demo.semeurs.example has no health path; give its `health` (a path the app answers 200 on, read in its source), as its readiness check is not HTTP",
    );
  });

  it("refuses a health path outside the paths its route serves", async () => {
    await expect(
      underAppScope((scope) => workload(scope, "web", { ...spec, routes: [{ host: "files.semeurs.example", paths: [{ path: "/dav", port: "http" }] }] }, "demo")),
    ).rejects.toThrow("demo/web: the health path /health of files.semeurs.example is outside the paths it routes (/dav); give the route a `health` below one of them");
  });
});
