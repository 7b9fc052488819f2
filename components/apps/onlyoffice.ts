import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ACME_HTTP01_SOLVER_POD } from "../../model/contract/acme-solver";
import { namespaceLimits } from "../workload/quota";
import { pinnedImage } from "../workload/container";
import { appLabels, childOptions, isRunning, statefulOptions, type AppScope } from "../workload/scope";
import { officeNamespace } from "../../model/reserved-namespaces";

/** OnlyOffice Docs, community edition. https://hub.docker.com/r/onlyoffice/documentserver */
export const ONLYOFFICE_IMAGE = "onlyoffice/documentserver:9.4.0.1";

/**
 * OnlyOffice's all-in-one Document Server runs nginx, PostgreSQL, RabbitMQ and its services under
 * supervisord, started as root: it cannot run `restricted`. It gets a namespace of its own at
 * Pod Security `baseline` rather than lowering the tenant's namespace, holds nothing but caches,
 * and may only be reached from the ingress and reach the tenant's Nextcloud.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const OFFICE_POD_SECURITY: Readonly<Record<string, string>> = {
  "pod-security.kubernetes.io/enforce": "baseline",
  "pod-security.kubernetes.io/audit": "baseline",
  "pod-security.kubernetes.io/warn": "baseline",
};

/**
 * The capabilities the Document Server's root start-up and its services use; every other one is
 * dropped. Read in ONLYOFFICE/Docker-DocumentServer at v9.3.0.17 (the newest tag the mirror of
 * that repository holds; the image is pinned at 9.4.0.1, whose tag it lacks: re-read at a bump):
 * - CHOWN, FOWNER: run-document-server.sh, as root, `chown -R` and `chmod -R` the data of
 *   PostgreSQL, RabbitMQ, Redis and the `ds` user (`chown -R postgres:postgres ${PG_ROOT}`,
 *   `find /etc/${COMPANY_NAME} ... -exec chown ds:ds`), files root does not own;
 * - DAC_OVERRIDE: root then reads and edits files it no longer owns (the `ds` config it rewrites
 *   with `json -I`, the services' directories at mode 700/750);
 * - SETUID, SETGID: `sudo -u postgres psql`, `service <name> start` (each init script switches to
 *   its service's user), supervisord's `user=ds` programs (config/supervisor/ds/*.conf), nginx's
 *   workers; AUDIT_WRITE: sudo and PAM write an audit record when they switch user;
 * - KILL: root signals processes of other users (its SIGTERM trap, supervisord and `service stop`);
 * - NET_BIND_SERVICE: nginx listens on 80 (`EXPOSE 80 443` in the Dockerfile).
 * Not needed, so dropped: NET_RAW, MKNOD, SETFCAP, SETPCAP, SYS_CHROOT, FSETID.
 */
export const ONLYOFFICE_CAPABILITIES = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "KILL", "NET_BIND_SERVICE", "SETGID", "SETUID"] as const;

/** What the Document Server asks for; its namespace's quota is exactly that. */
const DOCUMENT_SERVER = { cpuMillis: 500, memoryMiB: 2048, memoryLimitMiB: 4096 } as const;

/** The Document Server's health check (its own probes use it; `npm run verify` asks it through the office host). */
const ONLYOFFICE_HEALTH_PATH = "/healthcheck";

export function onlyoffice(scope: AppScope, spec: { readonly tenantId: string; readonly host: string; readonly jwtSecret: pulumi.Output<string> }): void {
  if (scope.state === "archived") return;
  const labels = appLabels(scope, "office");
  const namespace = new k8s.core.v1.Namespace(
    `${scope.name}-office-namespace`,
    { metadata: { name: officeNamespace(spec.tenantId), labels: { ...scope.labels, ...OFFICE_POD_SECURITY } } },
    // It holds only caches, but deleting a namespace is never a routine change (policies/).
    statefulOptions(scope),
  );
  const ns = namespace.metadata.name;
  const secret = new k8s.core.v1.Secret(
    `${scope.name}-office-secret`,
    { metadata: { name: "onlyoffice", namespace: ns, labels }, type: "Opaque", stringData: { "jwt-secret": pulumi.secret(spec.jwtSecret) } },
    childOptions(scope),
  );
  const selector = { "app.kubernetes.io/instance": spec.tenantId, "app.kubernetes.io/name": "nextcloud", "app.kubernetes.io/component": "office" };
  new k8s.apps.v1.Deployment(
    `${scope.name}-office`,
    {
      metadata: { name: "onlyoffice", namespace: ns, labels },
      spec: {
        replicas: isRunning(scope) ? 1 : 0,
        selector: { matchLabels: selector },
        strategy: { type: "Recreate" },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: { seccompProfile: { type: "RuntimeDefault" } },
            ...(scope.placement === undefined ? {} : { nodeSelector: { ...scope.placement.nodeSelector }, tolerations: [...scope.placement.tolerations] }),
            containers: [
              {
                name: "documentserver",
                image: pinnedImage(ONLYOFFICE_IMAGE),
                // https://helpcenter.onlyoffice.com/docs/installation/docs-community-install-docker.aspx
                env: [
                  { name: "JWT_ENABLED", value: "true" },
                  { name: "JWT_SECRET", valueFrom: { secretKeyRef: { name: secret.metadata.name, key: "jwt-secret" } } },
                  { name: "JWT_HEADER", value: "Authorization" },
                ],
                ports: [{ name: "http", containerPort: 80, protocol: "TCP" }],
                readinessProbe: { httpGet: { path: ONLYOFFICE_HEALTH_PATH, port: "http" }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                livenessProbe: { httpGet: { path: ONLYOFFICE_HEALTH_PATH, port: "http" }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
                startupProbe: { httpGet: { path: ONLYOFFICE_HEALTH_PATH, port: "http" }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 },
                resources: {
                  requests: { cpu: `${DOCUMENT_SERVER.cpuMillis}m`, memory: `${DOCUMENT_SERVER.memoryMiB}Mi` },
                  limits: { memory: `${DOCUMENT_SERVER.memoryLimitMiB}Mi` },
                },
                // Root, as explained above, with only the capabilities its start-up uses, and the
                // runtime's syscall filter.
                securityContext: { capabilities: { drop: ["ALL"], add: [...ONLYOFFICE_CAPABILITIES] }, seccompProfile: { type: "RuntimeDefault" } },
              },
            ],
          },
        },
      },
    },
    childOptions(scope, { dependsOn: [...scope.platform.dependsOn] }),
  );
  const service = new k8s.core.v1.Service(
    `${scope.name}-office-service`,
    { metadata: { name: "onlyoffice", namespace: ns, labels }, spec: { selector, ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] } },
    childOptions(scope),
  );
  if (isRunning(scope)) {
    new k8s.networking.v1.Ingress(
      `${scope.name}-office-ingress`,
      {
        metadata: { name: "onlyoffice", namespace: ns, labels, annotations: { "cert-manager.io/cluster-issuer": scope.platform.clusterIssuer } },
        spec: {
          ingressClassName: scope.platform.ingressClass,
          tls: [{ hosts: [spec.host], secretName: "onlyoffice-tls" }],
          rules: [{ host: spec.host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: service.metadata.name, port: { name: "http" } } } }] } }],
        },
      },
      childOptions(scope, { dependsOn: [...scope.platform.dependsOn] }),
    );
    scope.budget.addEndpoint({ app: scope.app, hostname: spec.host, healthPath: ONLYOFFICE_HEALTH_PATH });
  }
  // Its own namespace is isolated like the tenant's: a quota of exactly one Document Server (the
  // Recreate strategy never runs two), default limits, and a default deny under the allow rules.
  namespaceLimits(
    `${scope.name}-office`,
    {
      namespace: ns,
      labels,
      footprints: [
        { owner: "nextcloud/office", app: "nextcloud", ...DOCUMENT_SERVER, pods: 1 },
        // cert-manager proves the office host with a solver pod here (model/contract/acme-solver.ts).
        { owner: "cert-manager/http01-solver", app: "acme-http01-solver", pods: 1, ...ACME_HTTP01_SOLVER_POD },
      ],
      largestContainerMiB: DOCUMENT_SERVER.memoryLimitMiB,
    },
    childOptions(scope),
  );
  new k8s.networking.v1.NetworkPolicy(
    `${scope.name}-office-default-deny`,
    { metadata: { name: "default-deny", namespace: ns, labels }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
    childOptions(scope),
  );
  // One policy for the whole namespace: in from the ingress only; out to DNS and the tenant's
  // public hostnames (Nextcloud's WOPI callbacks), never the metadata service.
  new k8s.networking.v1.NetworkPolicy(
    `${scope.name}-office-isolation`,
    {
      metadata: { name: "isolation", namespace: ns, labels },
      spec: {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": scope.platform.ingressNamespace } } }] }],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
          },
          { to: [{ ipBlock: { cidr: pulumi.interpolate`${scope.platform.ingressAddress}/32` } }], ports: [{ protocol: "TCP", port: 443 }] },
        ],
      },
    },
    childOptions(scope),
  );
}
