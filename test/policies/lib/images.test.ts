import { describe, expect, it } from "vitest";
import { isImageOf, parseImage } from "../../../policies/lib/images";

describe("image references", () => {
  it.each([
    ["nginx", { repository: "library/nginx", tag: undefined, digest: undefined }],
    ["jitsi/web:stable-10431", { repository: "jitsi/web", tag: "stable-10431", digest: undefined }],
    ["ghcr.io/jitsi/web:stable@sha256:abc", { repository: "jitsi/web", tag: "stable", digest: "sha256:abc" }],
    ["registry.example:5000/jitsi/web", { repository: "jitsi/web", tag: undefined, digest: undefined }],
    ["localhost/jitsi/web:1", { repository: "jitsi/web", tag: "1", digest: undefined }],
    ["mirror/jitsi/web:1", { repository: "mirror/jitsi/web", tag: "1", digest: undefined }],
  ])("reads %s", (image, expected) => {
    expect(parseImage(image)).toEqual(expected);
  });

  it("recognises an image from any registry, at any tag, and nothing else", () => {
    expect(isImageOf("docker.io/jitsi/web:stable", "jitsi/web")).toBe(true);
    expect(isImageOf("jitsi/web-extra:1", "jitsi/web")).toBe(false);
    expect(isImageOf(undefined, "jitsi/web")).toBe(false);
  });
});
