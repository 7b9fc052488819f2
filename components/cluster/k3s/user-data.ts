import { stringify } from "yaml";
import type { K3sConfig } from "./k3s-config";

/** Where k3s reads its configuration (https://docs.k3s.io/installation/configuration#configuration-file). */
export const K3S_CONFIG_PATH = "/etc/rancher/k3s/config.yaml";
/** Drop-ins merged over it: the install script writes the private address there at boot. */
export const K3S_CONFIG_DIR = "/etc/rancher/k3s/config.yaml.d";
/** k3s uses CA files found here before its first start. */
export const K3S_TLS_DIR = "/var/lib/rancher/k3s/server/tls";
export const INSTALL_SCRIPT_PATH = "/usr/local/sbin/jardin-install-k3s";

export interface UserDataArgs {
  /** Pinned k3s release, e.g. `v1.36.4+k3s1`. */
  readonly k3sVersion: string;
  /** The SHA-256 the installer must have before it runs (the fleet file's `k3sInstallerSha256`). */
  readonly installerSha256: string;
  /** `server` for control-plane servers, `agent` for workers. */
  readonly mode: "server" | "agent";
  readonly config: K3sConfig;
  /** The private subnet the nodes' addresses are in (a /24). */
  readonly nodesSubnet: string;
  /** CA files for the first server, relative to K3S_TLS_DIR; empty on every other node. */
  readonly tlsFiles: readonly { readonly path: string; readonly content: string }[];
  /** Other files, at absolute paths (servers: the audit policy and the gardeners' binding). @default none */
  readonly files?: readonly { readonly path: string; readonly permissions: string; readonly content: string }[];
}

/**
 * The cloud-config a node boots with: k3s's config file, the CAs on the first server, and a script
 * that waits for the private network and installs the pinned k3s release. It holds the join token
 * and keys, so it is a Pulumi secret; on the node, the files are root's, and the metadata service
 * that serves it is out of tenant pods' reach (their NetworkPolicies).
 * https://cloudinit.readthedocs.io/en/latest/reference/modules.html#write-files
 */
export function renderUserData(args: UserDataArgs): string {
  const files = [
    { path: K3S_CONFIG_PATH, permissions: "0600", content: stringify(args.config) },
    ...args.tlsFiles.map((file) => ({
      path: `${K3S_TLS_DIR}/${file.path}`,
      permissions: file.path.endsWith(".key") ? "0600" : "0644",
      content: file.content,
    })),
    ...(args.files ?? []),
    { path: INSTALL_SCRIPT_PATH, permissions: "0755", content: installScript(args) },
  ];
  const cloudConfig = {
    write_files: files.map((file) => ({ ...file, owner: "root:root" })),
    // The exec form: no shell between cloud-init and the script.
    runcmd: [[INSTALL_SCRIPT_PATH]],
  };
  return `#cloud-config\n${stringify(cloudConfig, { lineWidth: 0 })}`;
}

/** The first three octets of a /24, with the final dot: what a node's private address starts with. */
export function subnetPrefix(subnet: string): string {
  const match = /^(\d+\.\d+\.\d+\.)0\/24$/.exec(subnet);
  if (match === null) throw new Error(`the nodes' subnet must be a /24 like 10.0.1.0/24, not ${subnet}`);
  return match[1]!;
}

/** The k3s installer of the pinned release itself, so a newer installer never meets an older k3s. */
export function installerUrl(k3sVersion: string): string {
  return `https://raw.githubusercontent.com/k3s-io/k3s/${encodeURIComponent(k3sVersion)}/install.sh`;
}

function installScript(args: UserDataArgs): string {
  const prefix = subnetPrefix(args.nodesSubnet);
  return `#!/bin/sh
# Installs k3s ${args.k3sVersion} (${args.mode}) once the private network is up: the node's
# address and interface there become k3s's node-ip and flannel-iface.
set -eu

found=""
tries=0
while [ -z "$found" ]; do
  found=$(ip -4 -o addr show | awk -v prefix='${prefix}' 'index($4, prefix) == 1 { sub("/.*", "", $4); print $2 " " $4; exit }')
  if [ -z "$found" ]; then
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
      echo "jardin: no address in ${args.nodesSubnet} after 5 minutes; is the server attached to the private network?" >&2
      exit 1
    fi
    sleep 5
  fi
done
interface=\${found% *}
address=\${found#* }

mkdir -p ${K3S_CONFIG_DIR}
cat > ${K3S_CONFIG_DIR}/10-private-network.yaml <<CONFIG
node-ip: "$address"
flannel-iface: "$interface"
CONFIG

installer=$(mktemp)
curl -sfL --retry 10 --retry-all-errors -o "$installer" '${installerUrl(args.k3sVersion)}'
# The installer runs as root: only the one the fleet file's checksum names.
if ! echo '${args.installerSha256}  '"$installer" | sha256sum -c - >/dev/null; then
  echo "jardin: the k3s installer of ${args.k3sVersion} does not have the SHA-256 the fleet file gives (k3sInstallerSha256); not running it" >&2
  exit 1
fi
INSTALL_K3S_VERSION='${args.k3sVersion}' INSTALL_K3S_EXEC='${args.mode}' sh "$installer"
rm -f "$installer"
`;
}
