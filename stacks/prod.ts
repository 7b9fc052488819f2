import { defineFleet } from "../model/fleet";

/**
 * The prod stack: everything the collective runs. Secrets are not here; the README lists the
 * secret config keys each cluster needs.
 *
 * EXAMPLE VALUES: the base domain is under `.example` (RFC 2606), the admin networks and the
 * adopted cluster's address are documentation ranges (RFC 5737, RFC 3849), the SSH keys were
 * made for this example, and the k3s installer's checksum is a placeholder. `npm run plan` lists these placeholders; a fleet whose base domain is not
 * an example one is refused with documentation ranges in `adminCidrs`. Replace them all (README,
 * "First deploy") before a real `pulumi up`.
 */
export default defineFleet({
  stack: "prod",
  baseDomain: "jardin.example",
  operatorsEmail: "gardeners@jardin.example",
  adminCidrs: [
    "203.0.113.0/28", // the collective's office
    "2001:db8:4a7d::/48", // the gardeners' VPN
  ],
  sshKeys: {
    // Public keys of the gardeners on call; a departing gardener's key is removed by a pull request.
    "camille": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINPFC6zS0jBN7n/E4jVqNqTEAGiMAMkyr4dYs5pb5j7I camille@jardin",
    "oncall": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKH9laHFp/u2uq2EW8z5A8Q8mZndJv2RTYSoXbunNQLO oncall@jardin",
  },
  sso: { cluster: "ada-lovelace" },
  smtp: {
    host: "smtp.jardin.example",
    port: 587,
    // Each organisation sends as <tenant id>@mail.jardin.example, with an account of its own.
    senderDomain: "mail.jardin.example",
  },
  backups: {
    // Another location than the clusters' main one, so a lost data centre loses no backup.
    location: "hel1",
    bucket: "jardin-prod-backups",
    // In the collective's second Hetzner project: its keys (etcdSnapshots* secret config) open
    // this bucket only, and no tenant's backup key opens it.
    etcd: { location: "hel1", bucket: "jardin-prod-etcd" },
  },
  // Every Matrix server name the fleet has served, by tenant id: it outlives the tenant file, so an
  // organisation archived then brought back keeps its accounts' name. Only ever add to it.
  matrixServerNames: {
    "fede-educpop": "matrix.educpop.example",
    "la-fourmiliere": "lafourmiliere.example",
  },
  clusters: {
    "louise-michel": {
      description: "The first cluster, set up by hand before jardin; its tenants move to ada-lovelace, then it is switched off",
      status: "retiring",
      // The organisations still on it; none joins it (a tenant file naming it is refused unless listed).
      admitted: ["amap-du-plateau", "cafe-des-possibles", "fede-educpop"],
      origin: {
        kind: "adopted",
        // Set up by hand in 2023: Longhorn with Retain, ingress-nginx (retired upstream; it goes
        // with the cluster), cert-manager; CloudNativePG is what jardin adds.
        existing: {
          storageClass: "longhorn-retain",
          ingress: { className: "nginx", namespace: "ingress-nginx", address: "198.51.100.20" },
          clusterIssuer: "letsencrypt",
          // Checked by its gardeners: Canal (flannel for routing, Calico for policies) enforces them.
          networkPolicies: { cni: "canal", enforced: true },
        },
      },
      locations: ["fsn1"],
      pools: {
        servers: { role: "control-plane", serverType: "cpx32", count: 3 },
        workers: { role: "worker", serverType: "cpx42", count: 3 },
      },
    },
    "ada-lovelace": {
      description: "The cluster jardin builds: k3s with one control-plane server per location, so it survives a lost location",
      origin: {
        kind: "created",
        k3sVersion: "v1.36.4+k3s1",
        // EXAMPLE placeholder: write the SHA-256 of v1.36.4+k3s1's install.sh (model/fleet.ts says how).
        k3sInstallerSha256: "0000000000000000000000000000000000000000000000000000000000000000",
      },
      locations: ["fsn1", "nbg1", "hel1"],
      pools: {
        "control-fsn1": { role: "control-plane", serverType: "cpx22", count: 1, location: "fsn1" },
        "control-nbg1": { role: "control-plane", serverType: "cpx22", count: 1, location: "nbg1" },
        "control-hel1": { role: "control-plane", serverType: "cpx22", count: 1, location: "hel1" },
        "workers-fsn1": { role: "worker", serverType: "cpx42", count: 2, location: "fsn1" },
        "workers-nbg1": { role: "worker", serverType: "cpx42", count: 2, location: "nbg1" },
      },
    },
  },
});
