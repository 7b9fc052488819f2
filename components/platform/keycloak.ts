import * as k8s from "@pulumi/kubernetes";
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { ClusterPlatform, FleetServices } from "../../model/contract/platform";
import { keycloakDatabase } from "./keycloak-database";
import { keycloakIngresses } from "./keycloak-ingress";
import { requireOtpForMasterAdmins } from "./keycloak-master";
import { KEYCLOAK_HTTP_PORT, keycloakNetworkPolicies } from "./keycloak-network";
import { HttpsReady } from "../readiness/https-ready";
import { PLATFORM_LABELS, platformNamespace } from "./namespaces";
import { PLATFORM_NAMESPACES } from "../../model/contract/platform-namespaces";

/** Keycloak 26.x, pinned. https://github.com/keycloak/keycloak/releases/tag/26.6.4 */
export const KEYCLOAK_VERSION = "26.6.4";
export const KEYCLOAK_IMAGE = `quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}`;
export const KEYCLOAK_NAMESPACE = PLATFORM_NAMESPACES.keycloak;
/**
 * The temporary administrator Keycloak creates with the master realm (KC_BOOTSTRAP_ADMIN_*): "A
 * user or service admin account created using one of the methods described below is temporary
 * [...] the account needs to be removed manually" (https://www.keycloak.org/server/bootstrap-admin-recovery,
 * Keycloak 26). jardin uses it once, to create its own client below, and for a gardener's first login.
 */
export const KEYCLOAK_ADMIN_USERNAME = "jardin-admin";
/**
 * jardin's permanent identity in Keycloak: a confidential client of the master realm, a service
 * account and nothing else (no browser login, no password grant). It makes and runs the tenants'
 * realms and the master realm's own administrator login (keycloak-master.ts), which is the master
 * realm's administration: its one role is the master realm's `admin`.
 */
export const KEYCLOAK_JARDIN_CLIENT_ID = "jardin-pulumi";
/** The master-realm roles jardin's client holds. */
export const KEYCLOAK_JARDIN_ROLES = ["admin"] as const;

/** Keycloak's ports: HTTP behind the ingress, health on the management port. */
const PORTS = { http: KEYCLOAK_HTTP_PORT, management: 9000 } as const;

export interface FleetKeycloakArgs {
  /** The provider of the cluster the fleet file names in `sso.cluster`. */
  readonly provider: k8s.Provider;
  /** The fleet's random provider, for the administrator's password. */
  readonly randomProvider: random.Provider;
  /** That cluster's platform: storage class, ingress class, issuer. */
  readonly platform: ClusterPlatform;
  /** `sso.<baseDomain>` */
  readonly hostname: string;
  /** The fleet's `adminCidrs`: the admin console and the master realm answer these networks only. */
  readonly adminCidrs: readonly string[];
  /** The relay's submission port: the only port Keycloak reaches outside the cluster. */
  readonly smtpPort: number;
  /** Every cluster's ingress address, where apps take back-channel logout tokens. */
  readonly appIngressAddresses: readonly pulumi.Input<string>[];
  /** Where the database's base backups and WAL go. */
  readonly backups: FleetServices["backups"];
  /** Keycloak pods. @default 2 */
  readonly replicas?: number;
  /** PostgreSQL instances: one primary, the others streaming replicas ready to take over. @default 3 */
  readonly databaseInstances?: number;
  /** Size of each database instance's volume. @default "10Gi" */
  readonly databaseSize?: string;
  /** Days of database backups kept in the bucket. @default 30 */
  readonly backupRetentionDays?: number;
  /** What makes `hostname` resolve to the ingress (its DNS record sets): the readiness gate waits for it. */
  readonly nameServedBy: readonly pulumi.Resource[];
  /** How long the readiness gate waits for Keycloak once deployed. @default 1800 s */
  readonly readyTimeoutSeconds?: number;
}

/**
 * The fleet's single sign-on: Keycloak at `sso.<baseDomain>` on PostgreSQL run by CloudNativePG,
 * backed up to object storage, and the `@pulumi/keycloak` provider through which tenants' realms
 * and clients are made. One for the fleet: a tenant that moves cluster keeps its accounts.
 */
export class FleetKeycloak extends pulumi.ComponentResource {
  /** `https://sso.<baseDomain>` */
  readonly url: string;
  /**
   * Logs in as jardin's own client (`KEYCLOAK_JARDIN_CLIENT_ID`), once Keycloak serves its
   * discovery document at `url`; `initialLogin: false`, so a preview needs no Keycloak.
   */
  readonly keycloakProvider: keycloak.Provider;
  /** Done once Keycloak answers at `url` with DNS and a valid certificate: every Keycloak resource waits for it. */
  readonly ready: HttpsReady;

  constructor(name: string, args: FleetKeycloakArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:platform:FleetKeycloak", name, {}, opts);
    const { provider, platform } = args;
    const replicas = args.replicas ?? 2;
    const databaseInstances = args.databaseInstances ?? 3;
    const databaseSize = args.databaseSize ?? "10Gi";
    const backupRetentionDays = args.backupRetentionDays ?? 30;
    this.url = `https://${args.hostname}`;
    const labels = { ...PLATFORM_LABELS, "app.kubernetes.io/name": "keycloak", "app.kubernetes.io/instance": name };
    const child: pulumi.CustomResourceOptions = { parent: this, provider };
    // Every account of every tenant lives in this database: nothing routine may delete it.
    const stateful: pulumi.CustomResourceOptions = { ...child, protect: true, retainOnDelete: true };

    // Keycloak and CloudNativePG's PostgreSQL pods both run as non-root, capabilities dropped.
    const namespace = platformNamespace(`${name}-namespace`, KEYCLOAK_NAMESPACE, "restricted", stateful);
    const ns = namespace.metadata.name;

    const adminPassword = new random.RandomPassword(`${name}-admin-password`, { length: 32, special: false }, { parent: this, provider: args.randomProvider });
    const adminSecret = new k8s.core.v1.Secret(
      `${name}-admin`,
      {
        metadata: { name: "keycloak-bootstrap-admin", namespace: ns, labels },
        type: "Opaque",
        stringData: { username: KEYCLOAK_ADMIN_USERNAME, password: adminPassword.result },
      },
      child,
    );

    const database = keycloakDatabase(name, { namespace: ns, labels, platform, instances: databaseInstances, size: databaseSize, retentionDays: backupRetentionDays, backups: args.backups }, child, stateful);

    const selector = { "app.kubernetes.io/name": "keycloak", "app.kubernetes.io/instance": name };
    keycloakNetworkPolicies(
      name,
      { namespace: ns, selector, platform, smtpPort: args.smtpPort, appIngressAddresses: args.appIngressAddresses },
      { ...child, dependsOn: [namespace] },
    );
    const secretEnv = (envName: string, secretName: pulumi.Input<string>, key: string) => ({
      name: envName,
      valueFrom: { secretKeyRef: { name: secretName, key } },
    });
    const probe = (path: string, failureThreshold: number) => ({
      httpGet: { path, port: "management" },
      periodSeconds: 10,
      failureThreshold,
    });
    const deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: "keycloak", namespace: ns, labels },
        spec: {
          replicas,
          selector: { matchLabels: selector },
          template: {
            metadata: { labels: { ...labels, ...selector } },
            spec: {
              // Keycloak never calls the Kubernetes API: its pods get no token to lose.
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 0, seccompProfile: { type: "RuntimeDefault" } },
              // Spread over nodes: losing one never takes the login of every tenant with it.
              topologySpreadConstraints: [
                { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: selector } },
              ],
              containers: [
                {
                  name: "keycloak",
                  image: KEYCLOAK_IMAGE,
                  args: ["start"],
                  // https://www.keycloak.org/server/all-config
                  env: [
                    { name: "KC_HOSTNAME", value: this.url },
                    // TLS ends at the ingress, which sets X-Forwarded-*. https://www.keycloak.org/server/reverseproxy
                    { name: "KC_PROXY_HEADERS", value: "xforwarded" },
                    { name: "KC_HTTP_ENABLED", value: "true" },
                    { name: "KC_HEALTH_ENABLED", value: "true" },
                    { name: "KC_METRICS_ENABLED", value: "true" },
                    // Pods find each other through a table in the database over TCP: no multicast,
                    // no extra Service. https://www.keycloak.org/server/caching#_transport_stacks
                    { name: "KC_CACHE", value: "ispn" },
                    { name: "KC_CACHE_STACK", value: "jdbc-ping" },
                    { name: "KC_DB", value: "postgres" },
                    { name: "KC_DB_URL_HOST", value: database.host },
                    { name: "KC_DB_URL_DATABASE", value: "keycloak" },
                    secretEnv("KC_DB_USERNAME", database.appSecret, "username"),
                    secretEnv("KC_DB_PASSWORD", database.appSecret, "password"),
                    secretEnv("KC_BOOTSTRAP_ADMIN_USERNAME", adminSecret.metadata.name, "username"),
                    secretEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", adminSecret.metadata.name, "password"),
                  ],
                  ports: [
                    { name: "http", containerPort: PORTS.http },
                    { name: "management", containerPort: PORTS.management },
                  ],
                  // Health lives on the management port. https://www.keycloak.org/observability/health
                  startupProbe: probe("/health/started", 30),
                  readinessProbe: probe("/health/ready", 3),
                  livenessProbe: probe("/health/live", 3),
                  resources: { requests: { cpu: "250m", memory: "768Mi" }, limits: { memory: "1536Mi" } },
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ["ALL"] },
                    // `start` rebuilds Keycloak's Quarkus application for the database and cache options
                    // into the image's lib/ folder: the root filesystem must stay writable for it.
                    readOnlyRootFilesystem: false,
                  },
                },
              ],
            },
          },
        },
      },
      { ...child, dependsOn: [...platform.dependsOn, database.cluster] },
    );

    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-disruption-budget`,
      { metadata: { name: "keycloak", namespace: ns, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } },
      child,
    );

    const service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: "keycloak", namespace: ns, labels },
        spec: { selector, ports: [{ name: "http", port: 80, targetPort: "http" }] },
      },
      child,
    );

    const ingresses = keycloakIngresses(
      name,
      {
        namespace: ns,
        labels,
        hostname: args.hostname,
        serviceName: service.metadata.name,
        ingressClass: platform.ingressClass,
        clusterIssuer: platform.clusterIssuer,
        adminCidrs: args.adminCidrs,
        dependsOn: [...platform.dependsOn, deployment],
      },
      child,
    );

    // The Keycloak provider logs in on its first call and does not retry (terraform-provider-keycloak
    // v5.9.0, the one @pulumi/keycloak 6.13.0 wraps: keycloak/keycloak_client.go, login): nothing
    // calls it before the master realm's discovery document answers at sso.<baseDomain>, through
    // public DNS and a certificate the system trusts, with the issuer Keycloak's KC_HOSTNAME makes.
    const master = `${this.url}/realms/master`;
    this.ready = new HttpsReady(
      `${name}-ready`,
      {
        what: `Keycloak at ${this.url}`,
        // https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
        url: `${master}/.well-known/openid-configuration`,
        expect: { kind: "json-field", field: "issuer", value: master },
        timeoutSeconds: args.readyTimeoutSeconds ?? 1800,
      },
      { parent: this, dependsOn: [deployment, ...ingresses, ...args.nameServedBy] },
    );

    // Used for jardin's own client only; it logs in (password grant, admin-cli) only when that
    // client or its role changes, so the temporary account may be removed once a gardener has a
    // permanent one (README, "First deploy").
    const bootstrapProvider = new keycloak.Provider(
      `${name}-bootstrap-provider`,
      {
        url: this.url,
        realm: "master",
        clientId: "admin-cli",
        username: KEYCLOAK_ADMIN_USERNAME,
        password: adminPassword.result,
        keycloakVersion: KEYCLOAK_VERSION,
        initialLogin: false,
      },
      { parent: this, dependsOn: [this.ready] },
    );
    const onMaster: pulumi.CustomResourceOptions = { parent: this, provider: bootstrapProvider };
    const jardinClient = new keycloak.openid.Client(
      `${name}-jardin-client`,
      {
        realmId: "master",
        clientId: KEYCLOAK_JARDIN_CLIENT_ID,
        name: "jardin (Pulumi): tenants' realms",
        enabled: true,
        // A service account and nothing else: no browser login, no password grant.
        accessType: "CONFIDENTIAL",
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
      },
      onMaster,
    );
    const roles = KEYCLOAK_JARDIN_ROLES.map(
      (role) =>
        new keycloak.openid.ClientServiceAccountRealmRole(
          `${name}-jardin-${role}`,
          { realmId: "master", serviceAccountUserId: jardinClient.serviceAccountUserId, role },
          onMaster,
        ),
    );

    // Same name as when it logged in as the bootstrap administrator: every realm hangs on its URN.
    this.keycloakProvider = new keycloak.Provider(
      `${name}-provider`,
      {
        url: this.url,
        realm: "master",
        // The client-credentials grant: a client id and secret, no username (keycloak_client.go,
        // NewKeycloakClient).
        clientId: KEYCLOAK_JARDIN_CLIENT_ID,
        clientSecret: jardinClient.clientSecret,
        // Keycloak 26.4+ answers /admin/serverinfo with no version to an account without
        // view-system; the provider then uses this (keycloak_client.go, resolveServerVersion).
        keycloakVersion: KEYCLOAK_VERSION,
        // Log in on first use, not at construction: a preview works without a running Keycloak.
        initialLogin: false,
      },
      { parent: this, dependsOn: [this.ready, ...roles] },
    );
    requireOtpForMasterAdmins(this, name, this.keycloakProvider);

    this.registerOutputs({ url: this.url });
  }
}
