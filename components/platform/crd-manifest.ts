import { readFileSync } from "node:fs";

/** A CustomResourceDefinition as upstream releases it (the parts jardin reads are typed). */
export interface Crd {
  readonly apiVersion: "apiextensions.k8s.io/v1";
  readonly kind: "CustomResourceDefinition";
  readonly metadata: { readonly name: string; readonly annotations?: Readonly<Record<string, string>>; readonly labels?: Readonly<Record<string, string>> };
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string; readonly plural: string };
    readonly scope: "Namespaced" | "Cluster";
    readonly versions: readonly { readonly name: string; readonly served: boolean; readonly storage: boolean; readonly schema?: { readonly openAPIV3Schema: unknown } }[];
  };
}

/**
 * The CRDs of one upstream release, kept in the repository for jardin to apply itself, with where
 * they come from. Written by `npm run contracts:refresh` (scripts/contracts/refresh.ts) as JSON:
 * the program reads it at every run, and YAML of this size takes seconds to parse.
 */
export interface CrdManifest {
  readonly source: { readonly repository: string; readonly tag: string; readonly commit: string; readonly paths: readonly string[]; readonly version: string };
  readonly crds: readonly Crd[];
}

const loaded = new Map<string, CrdManifest>();

/** The manifest in that file, refused unless it holds the CRDs of the pinned version. */
export function loadCrdManifest(file: string, pinnedVersion: string, pinnedIn: string): CrdManifest {
  const manifest = loaded.get(file) ?? (JSON.parse(readFileSync(file, "utf8")) as CrdManifest);
  loaded.set(file, manifest);
  if (manifest.source.version !== pinnedVersion) {
    throw new Error(
      `${file} holds the CRDs of ${manifest.source.repository} ${manifest.source.version}, but ${pinnedIn} pins ${pinnedVersion}: run npm run contracts:refresh -- ${manifest.source.repository}=<checkout>`,
    );
  }
  return manifest;
}
