import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { GARDENERS_GROUP } from "./admin-access";

/**
 * The certificate authorities k3s would otherwise generate on its first start. k3s uses CA files
 * already present in /var/lib/rancher/k3s/server/tls (the list of contrib/util/generate-custom-ca-certs.sh
 * in k3s-io/k3s; https://docs.k3s.io/cli/certificate#using-custom-ca-certificates); joining servers
 * receive them from the cluster's datastore, encrypted with the token.
 */
export const K3S_CAS = {
  "server-ca": "server-ca",
  "client-ca": "client-ca",
  "request-header-ca": "request-header-ca",
  "etcd/peer-ca": "etcd-peer-ca",
  "etcd/server-ca": "etcd-server-ca",
} as const;
export type K3sCaPath = keyof typeof K3S_CAS;

/** A file k3s reads from /var/lib/rancher/k3s/server/tls, relative to it. */
export interface TlsFile {
  readonly path: string;
  readonly content: pulumi.Output<string>;
}

/** Ten years, as k3s's own CAs; rotating a CA is `k3s certificate rotate-ca`, a reviewed step. */
const CA_VALIDITY_HOURS = 10 * 365 * 24;
/**
 * The admin certificate lasts 30 days and any `pulumi up` re-issues it once it is a week old: a
 * kubeconfig that leaks stops working within a month on its own, and at once when the gardeners'
 * ClusterRoleBinding is deleted (admin-access.ts). A stack left without `pulumi up` for a month
 * needs the way back the README gives (Rolling the admin certificate).
 */
const ADMIN_VALIDITY_HOURS = 30 * 24;
const ADMIN_EARLY_RENEWAL_HOURS = 23 * 24;

export interface ClusterPki {
  /** The CA files and the service-account signing key, for the first server's user data. */
  readonly files: readonly TlsFile[];
  /** The CA the API server's certificate chains to: the kubeconfig trusts it. */
  readonly serverCaPem: pulumi.Output<string>;
  /** The admin client certificate (group GARDENERS_GROUP) and its key, for the kubeconfig. */
  readonly admin: { readonly certPem: pulumi.Output<string>; readonly keyPem: pulumi.Output<string> };
}

/**
 * Generates the cluster's CAs and signs an admin client certificate. The private keys live in the
 * Pulumi state as secrets, as the kubeconfig would.
 */
export function createClusterPki(name: string, opts: pulumi.CustomResourceOptions): ClusterPki {
  // The CAs and the service-account key are the cluster's identity: every node, kubeconfig and
  // token trusts them. Protected; a new one is a declared rotation (model/identities.ts).
  const identity = { ...opts, protect: true };
  const cas = Object.entries(K3S_CAS).map(([path, id]) => {
    // ECDSA P-256, as k3s's own CAs.
    const key = new tls.PrivateKey(`${name}-${id}-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, identity);
    const cert = new tls.SelfSignedCert(
      `${name}-${id}`,
      {
        privateKeyPem: key.privateKeyPem,
        subject: { commonName: `k3s-${id}` },
        isCaCertificate: true,
        validityPeriodHours: CA_VALIDITY_HOURS,
        allowedUses: ["cert_signing", "digital_signature", "key_encipherment"],
      },
      identity,
    );
    return { path, key, cert };
  });
  // Signs service account tokens; k3s expects an RSA key.
  const serviceAccountKey = new tls.PrivateKey(`${name}-service-account-key`, { algorithm: "RSA", rsaBits: 2048 }, identity);

  const ca = (path: K3sCaPath) => cas.find((c) => c.path === path)!;
  const adminKey = new tls.PrivateKey(`${name}-admin-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, opts);
  const adminRequest = new tls.CertRequest(
    `${name}-admin`,
    // The gardeners' and Pulumi's identity: cluster-admin through a binding that can be deleted,
    // not system:masters, which RBAC cannot take back.
    { privateKeyPem: adminKey.privateKeyPem, subject: { commonName: "jardin-admin", organization: GARDENERS_GROUP } },
    opts,
  );
  const adminCert = new tls.LocallySignedCert(
    `${name}-admin`,
    {
      certRequestPem: adminRequest.certRequestPem,
      caPrivateKeyPem: ca("client-ca").key.privateKeyPem,
      caCertPem: ca("client-ca").cert.certPem,
      validityPeriodHours: ADMIN_VALIDITY_HOURS,
      earlyRenewalHours: ADMIN_EARLY_RENEWAL_HOURS,
      allowedUses: ["client_auth", "digital_signature", "key_encipherment"],
    },
    opts,
  );

  const files: TlsFile[] = [
    ...cas.flatMap(({ path, key, cert }) => [
      { path: `${path}.crt`, content: cert.certPem },
      { path: `${path}.key`, content: pulumi.secret(key.privateKeyPem) },
    ]),
    { path: "service.key", content: pulumi.secret(serviceAccountKey.privateKeyPem) },
  ];
  return {
    files,
    serverCaPem: ca("server-ca").cert.certPem,
    admin: { certPem: adminCert.certPem, keyPem: pulumi.secret(adminKey.privateKeyPem) },
  };
}
