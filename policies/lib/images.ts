/** Container image references: `[registry/]repository[:tag][@digest]`. */

export interface ImageRef {
  /** The repository without registry, e.g. `jitsi/web`. */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/**
 * Splits an image reference the way the container runtime does: the first path component is a
 * registry when it has a dot or a port, or is `localhost`.
 * https://github.com/distribution/reference/blob/main/reference.go
 */
export function parseImage(image: string): ImageRef {
  const [withoutDigest = "", digest] = image.split("@", 2);
  const lastSlash = withoutDigest.lastIndexOf("/");
  const lastColon = withoutDigest.lastIndexOf(":");
  const hasTag = lastColon > lastSlash;
  const path = hasTag ? withoutDigest.slice(0, lastColon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(lastColon + 1) : undefined;
  const parts = path.split("/");
  const first = parts[0] ?? "";
  const hasRegistry = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  const repository = (hasRegistry ? parts.slice(1) : parts).join("/");
  // Docker Hub's official images live under library/: `nginx` is `library/nginx`.
  return { repository: repository.includes("/") ? repository : `library/${repository}`, tag, digest };
}

/** True when the image is `repository` from any registry, at any tag or digest. */
export function isImageOf(image: unknown, repository: string): boolean {
  return typeof image === "string" && parseImage(image).repository === repository;
}
