import type * as keycloak from "@pulumi/keycloak";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterNetwork } from "./network";

/**
 * What a tenant's bundle needs from the cluster it runs on. The platform (components/platform/)
 * provides it for a created cluster; an adopted cluster's fleet entry declares what it already
 * has. Tenant components receive it as args and never look the cluster up themselves.
 */
export interface ClusterPlatform {
  /** The cluster's name in the fleet file. */
  readonly cluster: string;
  /** StorageClass for tenant data: `reclaimPolicy: Retain`, expandable. */
  readonly storageClass: string;
  /** IngressClass of the ingress controller serving tenants' hostnames. */
  readonly ingressClass: string;
  /** Where the ingress controller's pods run: tenants' NetworkPolicies admit traffic from there only. */
  readonly ingressNamespace: string;
  /** cert-manager ClusterIssuer that signs tenants' certificates (Let's Encrypt, HTTP-01). */
  readonly clusterIssuer: string;
  /** Public IPv4 address of the cluster's ingress: DNS records point at it. */
  readonly ingressAddress: pulumi.Input<string>;
  /** Its public IPv6 address, for AAAA records; none for an adopted ingress that declares none. */
  readonly ingressAddressV6?: pulumi.Input<string>;
  /** What NetworkPolicies need to know of the cluster: where its API servers answer. */
  readonly network: ClusterNetwork;
  /**
   * Resources tenant objects must wait for (CRDs of cert-manager and CloudNativePG, the storage
   * class): a tenant's Cluster or Certificate cannot be created before its operator exists.
   */
  readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * Where a cluster's metrics store answers Prometheus' query API (`GET <queryPath>?query=...`):
 * in the cluster at `http://<service>.<namespace>.svc:<port>`, or from outside with the cluster's
 * admin kubeconfig through the API server's service proxy, `https://<api>:6443<apiServerProxyPath><queryPath>`.
 */
export interface MetricsEndpoint {
  readonly namespace: string;
  readonly service: string;
  readonly port: number;
  readonly queryPath: string;
  readonly apiServerProxyPath: string;
}

/** The fleet's mail relay, as the fleet file declares it (model/fleet.ts `smtp`). */
export interface MailRelay {
  readonly host: string;
  readonly port: number;
  /** Each tenant sends as `<tenant id>@<senderDomain>`, its account's name too. */
  readonly senderDomain: string;
}

/** One tenant's account on the relay. */
export interface MailAccount {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  /** The only sender address the relay lets this account use: its username. */
  readonly from: string;
  readonly password: pulumi.Output<string>;
}

/**
 * What the program hands every Tenant: the fleet's shared services, and the relay on which the
 * Tenant makes its own mail account (it becomes `FleetServices["smtp"]` for its apps and realm).
 */
export type SharedServices = Omit<FleetServices, "smtp"> & { readonly mailRelay: MailRelay };

/** The services a tenant's apps and realm use, whatever its cluster; `smtp` is the tenant's own. */
export interface FleetServices {
  /** The fleet's Keycloak: realms and clients go through this provider. */
  readonly sso: {
    readonly provider: keycloak.Provider;
    /** `https://sso.<baseDomain>`: issuers are `<url>/realms/<realm>`. */
    readonly url: string;
  };
  /**
   * The tenant's own account on the fleet's mail relay (components/tenant/mail-account.ts): its
   * apps and realm send with it, as its own sender address; no other tenant holds it.
   */
  readonly smtp: MailAccount;
  /** Hetzner Object Storage for database and volume backups. */
  readonly backups: {
    readonly bucket: string;
    /** `https://<location>.your-objectstorage.com` */
    readonly endpoint: string;
    /** Object storage's region name is its location. */
    readonly region: string;
    readonly accessKeyId: pulumi.Output<string>;
    readonly secretAccessKey: pulumi.Output<string>;
  };
}
