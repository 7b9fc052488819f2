import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import type { ClusterPlatform } from "../../../model/contract/platform";
import { FleetKeycloak } from "../../../components/platform/keycloak";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { createdCluster } from "../../helpers/clusters";
import { names, recordDependencies } from "../../helpers/dependencies";

const COMPONENT = "urn:pulumi:prod::jardin::jardin:platform:FleetKeycloak::sso";

function planKeycloak() {
  return runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    const dependencies = recordDependencies();
    const cluster = createdCluster("ada-lovelace");
    const platform: ClusterPlatform = {
      cluster: "ada-lovelace",
      storageClass: "hcloud-volumes-retain",
      ingressClass: "traefik",
      ingressNamespace: "traefik",
      clusterIssuer: "letsencrypt",
      ingressAddress: "203.0.113.80",
      network: { apiServerCidrs: ["10.0.1.0/24"] },
      // Stands for the operators the platform installs first.
      dependsOn: [new random.RandomPet("operators", {}, { provider: new random.Provider("operators") })],
    };
    const sso = new FleetKeycloak("sso", {
      provider: cluster.provider,
      randomProvider: new random.Provider("random"),
      platform,
      hostname: "sso.jardin.example",
      adminCidrs: ["203.0.113.0/28", "2001:db8:4a7d::/48"],
      smtpPort: 587,
      appIngressAddresses: ["203.0.113.80"],
      backups: {
        bucket: "jardin-prod-backups",
        endpoint: "https://hel1.your-objectstorage.com",
        region: "hel1",
        accessKeyId: pulumi.secret("key-id"),
        secretAccessKey: pulumi.secret("key-secret"),
      },
      // Stands for sso.'s A and AAAA record sets.
      nameServedBy: [new random.RandomPet("sso-dns", {}, { provider: new random.Provider("dns") })],
    });
    return { url: sso.url, dependencies };
  });
}

const named = (resources: readonly SnapshotResource[], name: string) => {
  const found = resources.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no resource named ${name}; have ${resources.map((r) => r.name).join(", ")}`);
  return found;
};

describe("the fleet's Keycloak", () => {
  it("is one component of typed objects on the SSO cluster's provider, with the Keycloak provider beside them", async () => {
    const run = await planKeycloak();
    expect(run.result.url).toBe("https://sso.jardin.example");
    // Its NetworkPolicies are test/components/platform/network-policies.test.ts's.
    expect(run.resources.filter((r) => r.parent === COMPONENT && !r.type.endsWith(":NetworkPolicy")).map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      // The master realm's browser login with a one-time code: test/components/platform/keycloak-master.test.ts.
      "keycloak:authentication/bindings:Bindings sso-master-otp-bindings",
      "keycloak:authentication/execution:Execution sso-master-browser-otp-auth-cookie",
      "keycloak:authentication/execution:Execution sso-master-browser-otp-auth-otp-form",
      "keycloak:authentication/execution:Execution sso-master-browser-otp-auth-username-password-form",
      "keycloak:authentication/flow:Flow sso-master-browser-otp-flow",
      "keycloak:authentication/subflow:Subflow sso-master-browser-otp-jardin-browser-with-otp-forms",
      "keycloak:index/requiredAction:RequiredAction sso-master-totp",
      "keycloak:openid/client:Client sso-jardin-client",
      "keycloak:openid/clientServiceAccountRealmRole:ClientServiceAccountRealmRole sso-jardin-admin",
      "kubernetes:apps/v1:Deployment sso-deployment",
      "kubernetes:barmancloud.cnpg.io/v1:ObjectStore sso-object-store",
      "kubernetes:core/v1:Namespace sso-namespace",
      "kubernetes:core/v1:Secret sso-admin",
      "kubernetes:core/v1:Secret sso-backups-credentials",
      "kubernetes:core/v1:Service sso-service",
      "kubernetes:networking.k8s.io/v1:Ingress sso-admin-ingress",
      "kubernetes:networking.k8s.io/v1:Ingress sso-ingress",
      "kubernetes:policy/v1:PodDisruptionBudget sso-disruption-budget",
      "kubernetes:postgresql.cnpg.io/v1:Cluster sso-database",
      "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup sso-scheduled-backup",
      "kubernetes:traefik.io/v1alpha1:Middleware sso-admin-networks",
      "pulumi-nodejs:dynamic/jardin:HttpsReady sso-ready",
      "pulumi:providers:keycloak sso-bootstrap-provider",
      "pulumi:providers:keycloak sso-provider",
      "random:index/randomPassword:RandomPassword sso-admin-password",
    ]);
  });

  it("runs the pinned official image, hardened, two replicas spread over nodes, configured for its proxy and cluster cache", async () => {
    const run = await planKeycloak();
    const deployment = named(run.resources, "sso-deployment").inputs as any;
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 0, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod.topologySpreadConstraints[0]).toMatchObject({ topologyKey: "kubernetes.io/hostname", maxSkew: 1 });
    const [container] = pod.containers;
    expect(container.image).toBe("quay.io/keycloak/keycloak:26.6.4");
    expect(container.args).toEqual(["start"]);
    expect(container.env).toEqual([
      { name: "KC_HOSTNAME", value: "https://sso.jardin.example" },
      { name: "KC_PROXY_HEADERS", value: "xforwarded" },
      { name: "KC_HTTP_ENABLED", value: "true" },
      { name: "KC_HEALTH_ENABLED", value: "true" },
      { name: "KC_METRICS_ENABLED", value: "true" },
      { name: "KC_CACHE", value: "ispn" },
      { name: "KC_CACHE_STACK", value: "jdbc-ping" },
      { name: "KC_DB", value: "postgres" },
      { name: "KC_DB_URL_HOST", value: "keycloak-db-rw" },
      { name: "KC_DB_URL_DATABASE", value: "keycloak" },
      { name: "KC_DB_USERNAME", valueFrom: { secretKeyRef: { name: "keycloak-db-app", key: "username" } } },
      { name: "KC_DB_PASSWORD", valueFrom: { secretKeyRef: { name: "keycloak-db-app", key: "password" } } },
      { name: "KC_BOOTSTRAP_ADMIN_USERNAME", valueFrom: { secretKeyRef: { name: "keycloak-bootstrap-admin", key: "username" } } },
      { name: "KC_BOOTSTRAP_ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: "keycloak-bootstrap-admin", key: "password" } } },
    ]);
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: false });
    expect(container.resources).toEqual({ requests: { cpu: "250m", memory: "768Mi" }, limits: { memory: "1536Mi" } });
    for (const [probe, path] of [["startupProbe", "/health/started"], ["readinessProbe", "/health/ready"], ["livenessProbe", "/health/live"]]) {
      expect(container[probe!].httpGet).toEqual({ path, port: "management" });
    }
    expect(container.ports).toEqual([
      { name: "http", containerPort: 8080 },
      { name: "management", containerPort: 9000 },
    ]);
  });

  it("keeps the bootstrap admin's password secret, in a Kubernetes Secret, and logs the provider in with it lazily", async () => {
    const run = await planKeycloak();
    expect(named(run.resources, "sso-admin-password")).toMatchObject({
      provider: "urn:pulumi:prod::jardin::pulumi:providers:random::random",
      inputs: { length: 32, special: false },
    });
    // The password exists only once generated, at apply: the plan sees it as unknown.
    expect(named(run.resources, "sso-admin").inputs).toMatchObject({
      metadata: { name: "keycloak-bootstrap-admin", namespace: "keycloak" },
      stringData: "[unknown]",
    });
    // The temporary administrator serves only to create jardin's own client.
    expect(named(run.resources, "sso-bootstrap-provider").inputs).toEqual({
      url: "https://sso.jardin.example",
      realm: "master",
      clientId: "admin-cli",
      username: "jardin-admin",
      password: "[unknown]",
      keycloakVersion: "26.6.4",
      initialLogin: "false",
      clientTimeout: "5",
    });
    const onBootstrap = run.resources.filter((r) => r.provider === "urn:pulumi:prod::jardin::jardin:platform:FleetKeycloak$pulumi:providers:keycloak::sso-bootstrap-provider").map((r) => r.name);
    expect(onBootstrap.sort()).toEqual(["sso-jardin-admin", "sso-jardin-client"]);
    expect(JSON.stringify(run.resources)).not.toContain("key-secret");
  });

  it("logs tenants' realms in as jardin's own confidential client, whose service account holds the master realm's admin role", async () => {
    const run = await planKeycloak();
    expect(named(run.resources, "sso-jardin-client").inputs).toEqual({
      realmId: "master",
      clientId: "jardin-pulumi",
      name: "jardin (Pulumi): tenants' realms",
      enabled: true,
      accessType: "CONFIDENTIAL",
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
    });
    const grants = run.resources.filter((r) => r.type === "keycloak:openid/clientServiceAccountRealmRole:ClientServiceAccountRealmRole");
    expect(grants.map((r) => r.inputs)).toEqual([{ realmId: "master", serviceAccountUserId: "[unknown]", role: "admin" }]);
    // The client-credentials grant (terraform-provider-keycloak: a client secret and no username).
    expect(named(run.resources, "sso-provider").inputs).toEqual({
      url: "https://sso.jardin.example",
      realm: "master",
      clientId: "jardin-pulumi",
      clientSecret: "[unknown]",
      keycloakVersion: "26.6.4",
      initialLogin: "false",
      clientTimeout: "5",
    });
  });

  it("gates both Keycloak providers on the master realm's discovery document answering at sso.<baseDomain>, after DNS and the ingress", async () => {
    const run = await planKeycloak();
    const gate = named(run.resources, "sso-ready");
    expect(gate.type).toBe("pulumi-nodejs:dynamic/jardin:HttpsReady");
    const { __provider: code, ...inputs } = gate.inputs;
    expect(inputs).toEqual({
      what: "Keycloak at https://sso.jardin.example",
      url: "https://sso.jardin.example/realms/master/.well-known/openid-configuration",
      expect: { kind: "json-field", field: "issuer", value: "https://sso.jardin.example/realms/master" },
      timeoutSeconds: 1800,
      intervalSeconds: 10,
    });
    // The provider's code travels with the resource (the plan records that it is there; its
    // serialised text is run in test/components/readiness/probe.test.ts).
    expect(code).toBe("[dynamic provider code]");
    expect(names(gate.dependencies)).toEqual(["sso-admin-ingress", "sso-deployment", "sso-dns", "sso-ingress"]);
    expect(names(named(run.resources, "sso-bootstrap-provider").dependencies)).toEqual(["sso-admin-password", "sso-ready"]);
    expect(names(named(run.resources, "sso-provider").dependencies)).toEqual(["sso-jardin-admin", "sso-jardin-client", "sso-ready"]);
  });

  it("serves Keycloak's public paths only to the world, through the platform's ingress class with a certificate from its issuer", async () => {
    const run = await planKeycloak();
    const backend = { service: { name: "keycloak", port: { name: "http" } } };
    expect(named(run.resources, "sso-ingress").inputs).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "keycloak", namespace: "keycloak", labels: expect.any(Object), annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" } },
      spec: {
        ingressClassName: "traefik",
        tls: [{ hosts: ["sso.jardin.example"], secretName: "keycloak-tls" }],
        rules: [
          {
            host: "sso.jardin.example",
            http: {
              paths: ["/realms", "/resources", "/.well-known"].map((path) => ({ path, pathType: "Prefix", backend })),
            },
          },
        ],
      },
    });
  });

  it("serves the admin console and the master realm to adminCidrs only, through Traefik's ipAllowList, ahead of the public /realms", async () => {
    const run = await planKeycloak();
    expect(named(run.resources, "sso-admin-networks").inputs).toMatchObject({
      apiVersion: "traefik.io/v1alpha1",
      kind: "Middleware",
      metadata: { name: "admin-networks", namespace: "keycloak" },
      spec: { ipAllowList: { sourceRange: ["203.0.113.0/28", "2001:db8:4a7d::/48"] } },
    });
    const admin = named(run.resources, "sso-admin-ingress").inputs as any;
    expect(admin.metadata.annotations).toEqual({
      "traefik.ingress.kubernetes.io/router.middlewares": "keycloak-admin-networks@kubernetescrd",
      "traefik.ingress.kubernetes.io/router.priority": "1000",
    });
    expect(admin.spec.tls).toEqual([{ hosts: ["sso.jardin.example"], secretName: "keycloak-tls" }]);
    expect(admin.spec.rules[0].http.paths.map((p: any) => [p.path, p.pathType])).toEqual([
      ["/admin", "Prefix"],
      ["/realms/master", "Prefix"],
    ]);
    expect(names(run.result.dependencies.get("sso-admin-ingress"))).toContain("sso-admin-networks");
  });

  it("keeps every account: the namespace and the database are protected and retained, three instances on the Retain class", async () => {
    const run = await planKeycloak();
    expect(named(run.resources, "sso-namespace")).toMatchObject({ protect: true, retainOnDelete: true });
    const database = named(run.resources, "sso-database");
    expect(database).toMatchObject({ protect: true, retainOnDelete: true });
    expect(database.inputs).toMatchObject({
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "keycloak-db", namespace: "keycloak" },
      spec: {
        instances: 3,
        bootstrap: { initdb: { database: "keycloak", owner: "keycloak" } },
        storage: { storageClass: "hcloud-volumes-retain", size: "10Gi" },
        affinity: { enablePodAntiAffinity: true, topologyKey: "kubernetes.io/hostname", podAntiAffinityType: "required" },
        plugins: [{ name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "keycloak-backups" } }],
      },
    });
    expect((named(run.resources, "sso-namespace").inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("archives WAL and takes daily base backups to the backups bucket through the barman-cloud plugin", async () => {
    const run = await planKeycloak();
    expect(named(run.resources, "sso-object-store").inputs).toMatchObject({
      metadata: { name: "keycloak-backups", namespace: "keycloak" },
      spec: {
        configuration: {
          destinationPath: "s3://jardin-prod-backups/postgres/keycloak",
          endpointURL: "https://hel1.your-objectstorage.com",
          s3Credentials: {
            accessKeyId: { name: "keycloak-backups-s3", key: "ACCESS_KEY_ID" },
            secretAccessKey: { name: "keycloak-backups-s3", key: "ACCESS_SECRET_KEY" },
            region: { name: "keycloak-backups-s3", key: "REGION" },
          },
          wal: { compression: "gzip" },
          data: { compression: "gzip" },
        },
        retentionPolicy: "30d",
      },
    });
    expect(named(run.resources, "sso-backups-credentials").inputs).toMatchObject({ stringData: "[secret]" });
    expect(named(run.resources, "sso-scheduled-backup").inputs).toMatchObject({
      spec: {
        schedule: "0 0 3 * * *",
        cluster: { name: "keycloak-db" },
        method: "plugin",
        pluginConfiguration: { name: "barman-cloud.cloudnative-pg.io" },
        backupOwnerReference: "self",
      },
    });
  });

  it("waits for the platform's operators, and starts Keycloak once its database exists", async () => {
    const run = await planKeycloak();
    const of = (name: string) => names(run.result.dependencies.get(`sso-${name}`));
    expect(of("object-store")).toEqual(["operators", "sso-backups-credentials", "sso-namespace"]);
    // The shared PostgreSQL block: the Cluster and its daily backup wait for all the ObjectStore does.
    expect(of("database")).toEqual(["operators", "sso-backups-credentials", "sso-namespace", "sso-object-store"]);
    expect(of("scheduled-backup")).toEqual(["operators", "sso-backups-credentials", "sso-database", "sso-namespace"]);
    expect(of("deployment")).toEqual(["operators", "sso-admin", "sso-database", "sso-namespace"]);
    expect(of("ingress")).toEqual(["operators", "sso-deployment", "sso-namespace", "sso-service"]);
  });
});
