import * as pulumi from "@pulumi/pulumi";
import { INGRESS_NODE_PORTS } from "../../model/contract/network";
import { PLATFORM_NAMESPACES } from "../../model/contract/platform-namespaces";
import { CHARTS, chartRelease } from "./charts";
import { PLATFORM_LABELS, platformNamespace } from "./namespaces";
import { apiEgress, DNS_EGRESS, egressFor, ingressFor, namespacePolicies, tcp, type ClusterNetwork } from "./network-policies";

export const TRAEFIK_NAMESPACE = PLATFORM_NAMESPACES.traefik;
export const TRAEFIK_INGRESS_CLASS = "traefik";

interface EntryPointValues {
  readonly nodePort: number;
  /** The ingress load balancer speaks PROXY protocol from its private address. */
  readonly proxyProtocol: { readonly trustedIPs: readonly pulumi.Input<string>[] };
  /**
   * The entry point's redirection. Since chart 39 it lives under `http`: at 41.3.0 the schema
   * closes each port's keys, and templates/_podtemplate.tpl renders `(.redirections).entryPoint`
   * of each port's `http` as `--entryPoints.<name>.http.redirections.entryPoint.*`.
   * https://github.com/traefik/traefik-helm-chart/blob/v41.3.0/traefik/values.schema.json
   */
  readonly http?: { readonly redirections: { readonly entryPoint: { readonly to: "websecure"; readonly scheme: "https"; readonly permanent: boolean } } };
}

/** The keys of the chart's values.yaml jardin sets (their contract: test/contracts/charts/traefik-41.3.0/). */
export interface TraefikValues {
  // https://github.com/traefik/traefik-helm-chart/blob/v41.3.0/traefik/values.yaml
  readonly deployment: { readonly replicas: number };
  readonly providers: {
    readonly kubernetesIngress: {
      readonly publishedService: { readonly enabled: false };
      readonly ingressEndpoint: { readonly ip: pulumi.Input<string> };
    };
  };
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly maxUnavailable: number };
  readonly ingressClass: { readonly enabled: boolean; readonly isDefaultClass: boolean; readonly name: string };
  readonly ports: { readonly web: EntryPointValues; readonly websecure: EntryPointValues };
  readonly service: { readonly spec: { readonly type: "NodePort"; readonly externalTrafficPolicy: "Local" } };
  readonly global: { readonly checkNewVersion: boolean; readonly sendAnonymousUsage: boolean };
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly memory: string };
  };
}

/**
 * The entry points' container ports (https://github.com/traefik/traefik-helm-chart/blob/v41.3.0/traefik/values.yaml,
 * `ports.web.port`, `ports.websecure.port`): what the load balancer reaches through the NodePorts.
 */
export const TRAEFIK_ENTRY_POINT_PORTS = { web: 8000, websecure: 8443 } as const;

export interface TraefikArgs {
  /** The ingress load balancer's private address: the only PROXY protocol sender Traefik trusts. */
  readonly loadBalancerAddress: pulumi.Input<string>;
  /** The ingress load balancer's public IPv4 address: what every Ingress's status shows. */
  readonly ingressAddress: pulumi.Input<string>;
  readonly network: ClusterNetwork;
}

export interface Traefik {
  readonly ingressClass: string;
  readonly namespace: string;
  readonly ready: readonly pulumi.Resource[];
}

/**
 * Traefik, the ingress controller of a created cluster, behind the ingress load balancer: the
 * balancer sends TCP to the NodePorts of INGRESS_NODE_PORTS with the PROXY protocol, and Traefik
 * trusts that header from the private network only, so apps see their clients' addresses.
 */
export function traefik(name: string, args: TraefikArgs, opts: pulumi.CustomResourceOptions): Traefik {
  // The chart's pods run as non-root with every capability dropped: restricted fits.
  const namespace = platformNamespace(`${name}-traefik-namespace`, TRAEFIK_NAMESPACE, "restricted", opts);
  // Only the balancer: a pod or node of the private network could otherwise claim any client
  // address (and pass the admin console's allow-list).
  const trusted = { trustedIPs: [pulumi.interpolate`${args.loadBalancerAddress}/32`] };
  namespacePolicies(
    `${name}-traefik`,
    namespace.metadata.name,
    {
      dns: egressFor({}, DNS_EGRESS),
      // Traefik watches Ingresses, Services and Middlewares.
      api: egressFor({}, apiEgress(args.network)),
      // The world, through the load balancer (and tenants' pods reaching their own hostnames).
      "entry-points": ingressFor({}, { from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: tcp(TRAEFIK_ENTRY_POINT_PORTS.web, TRAEFIK_ENTRY_POINT_PORTS.websecure) }),
      // Backends are pods of any namespace; each namespace's own policies say which admit Traefik.
      backends: egressFor({}, { to: [{ namespaceSelector: {} }] }),
    },
    PLATFORM_LABELS,
    { ...opts, dependsOn: [namespace] },
  );
  const release = chartRelease<TraefikValues>(
    `${name}-traefik`,
    {
      chart: CHARTS.traefik,
      namespace: namespace.metadata.name,
      values: {
        deployment: { replicas: 2 },
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        // Tenants always name their class; no Ingress lands on Traefik by accident.
        ingressClass: { enabled: true, isDefaultClass: false, name: TRAEFIK_INGRESS_CLASS },
        ports: {
          // Plain HTTP only redirects: no login page or file is ever served unencrypted. Let's
          // Encrypt follows the redirect for HTTP-01 challenges and does not check the certificate
          // it meets there (letsencrypt.org/docs/challenge-types), so cert-manager's solver still answers.
          web: {
            nodePort: INGRESS_NODE_PORTS.http,
            proxyProtocol: trusted,
            http: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } } },
          },
          websecure: { nodePort: INGRESS_NODE_PORTS.https, proxyProtocol: trusted },
        },
        // Pulumi waits for each Ingress's `.status.loadBalancer` (up to 10 minutes). Traefik copies it
        // from its published Service, a NodePort here, which has none; with an ingress endpoint
        // and no published Service, it writes the load balancer's address to every Ingress it
        // serves instead (traefik/traefik v3.7.9 pkg/provider/kubernetes/ingress/kubernetes.go,
        // updateIngressStatus: the published Service wins when both are set; the chart runs
        // v3.7.11). The chart passes both as flags (templates/_podtemplate.tpl at v41.3.0). The
        // endpoint takes one address: the IPv4 one, which every hostname also has.
        providers: { kubernetesIngress: { publishedService: { enabled: false }, ingressEndpoint: { ip: args.ingressAddress } } },
        // Local: a node without a Traefik pod fails the balancer's health check instead of
        // forwarding (and re-addressing) the connection, so the PROXY header comes from the balancer.
        service: { spec: { type: "NodePort", externalTrafficPolicy: "Local" } },
        global: { checkNewVersion: false, sendAnonymousUsage: false },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
      },
    },
    { ...opts, dependsOn: [namespace] },
  );
  return { ingressClass: TRAEFIK_INGRESS_CLASS, namespace: TRAEFIK_NAMESPACE, ready: [release] };
}
