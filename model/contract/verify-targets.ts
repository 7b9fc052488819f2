/**
 * What `npm run verify` checks of a deployed fleet, as the stack outputs it (`verify`, stacks/program.ts):
 * derived from the code that builds the resources, so the list of what to check is never written
 * twice. `Address` is a Pulumi Output in the program and a plain string once read back by
 * scripts/verify/outputs.ts.
 */
export interface VerifyTargets<Address = string> {
  /** By cluster name. */
  readonly clusters: Readonly<Record<string, ClusterTargets<Address>>>;
  /** By tenant id. */
  readonly tenants: Readonly<Record<string, TenantTargets>>;
}

export interface ClusterTargets<Address = string> {
  /** Where every tenant hostname of the cluster must resolve (A, and AAAA when there is an IPv6 address). */
  readonly ingress: { readonly address: Address; readonly address6?: Address };
  /**
   * A cluster jardin creates takes etcd snapshots to object storage on this cron schedule (k3s
   * `etcd-snapshot-schedule-cron`); an adopted cluster's snapshots are not jardin's, and are not checked.
   */
  readonly etcdSnapshotSchedule?: string;
}

export interface TenantTargets {
  readonly cluster: string;
  /** `active`, `suspended` or `archived`: only an active tenant's apps answer and log in. */
  readonly state: string;
  readonly namespace: string;
  /** Every hostname of the tenant (its apps' and any other its Ingresses serve): each must resolve to its cluster's ingress and serve a certificate. */
  readonly hostnames: readonly string[];
  /** The realm's issuer, `https://sso.<baseDomain>/realms/<tenant>`: its discovery must answer. */
  readonly issuer: string;
  /** Per public hostname its Ingress serves, the path its app answers 200 on. */
  readonly endpoints: readonly AppEndpoint[];
  /** Per OIDC client of the realm, where the app's login starts and what it must send. */
  readonly logins: readonly AppLogin[];
  readonly backups: {
    /** The tenant file's `backups.schedule`: databases and volumes are backed up on it. */
    readonly schedule: string;
    /** The CloudNativePG clusters whose `Backup` objects must be fresh. */
    readonly databases: readonly string[];
    /** True when k8up backs up the tenant's claims (its `volume-backups` Schedule). */
    readonly volumes: boolean;
  };
  /** The protected claims of the tenant's apps (and adopted ones): each must be Bound. */
  readonly claims: readonly string[];
}

export interface AppEndpoint {
  readonly app: string;
  readonly hostname: string;
  /** Read at the app's pinned tag (its component cites the source). */
  readonly healthPath: string;
}

export interface AppLogin {
  /** The realm client's id (the app's name, `synapse` for Matrix). */
  readonly clientId: string;
  /** The absolute URL where a browser's login starts; the app redirects it to the realm. */
  readonly loginUrl: string;
  /** The one callback the realm client accepts, exactly. */
  readonly redirectUri: string;
  /** Whether the app sends a PKCE challenge (S256), as the realm client requires. */
  readonly pkce: "S256" | "none";
}
