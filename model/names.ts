import { isIP } from "node:net";
import { z } from "zod";
import { forGivenValues } from "./parse";
import { sshPublicKeyProblem } from "./ssh-public-key";

/**
 * A DNS-safe slug: a Kubernetes namespace, a label value and a prefix of derived names all at once,
 * so it follows the strictest of them (RFC 1035 label: starts with a letter).
 */
export function slug(what: string, maxLength: number) {
  return z.string().refine((value) => isSlug(value, maxLength), {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a valid ${what}: use lowercase letters, digits and hyphens, ` +
      `starting with a letter, at most ${maxLength} characters` +
      suggestSlug(issue.input, maxLength),
  });
}

export function isSlug(value: string, maxLength: number): boolean {
  return value.length <= maxLength && /^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(value);
}

function suggestSlug(input: unknown, maxLength: number): string {
  if (typeof input !== "string") return "";
  const candidate = input
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/, "");
  return candidate !== "" && candidate !== input ? ` (e.g. "${candidate}")` : "";
}

/** A fully qualified host name, lowercase, without a trailing dot. */
export const hostname = z.string().refine(isHostname, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a valid host name: use lowercase labels of letters, digits and ` +
    `hyphens separated by dots, like "cloud.example.org" (no scheme, port, path or trailing dot)`,
});

export function isHostname(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split(".");
  return labels.length >= 2 && labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label));
}

export const email = z.email({
  error: forGivenValues((issue) => `${JSON.stringify(issue.input)} is not an email address; write it as name@example.org`),
});

/**
 * An IPv4 or IPv6 network in CIDR notation. The whole internet is refused: these lists open SSH and
 * the Kubernetes API.
 */
export const adminCidr = z.string().superRefine((value, ctx) => {
  const [address = "", prefix, ...rest] = value.split("/");
  const family = isIP(address);
  const bits = Number(prefix);
  if (family === 0 || rest.length > 0 || prefix === undefined || !/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) {
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(value)} is not a network in CIDR notation; write it like "203.0.113.0/24" or "2001:db8::/48"`,
    });
  } else if (bits === 0) {
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(value)} opens SSH and the Kubernetes API to the whole internet; list the admins' own networks instead`,
    });
  }
});

/** An OpenSSH public key line, as in `authorized_keys`: type, base64 key, optional comment; parsed. */
export const sshPublicKey = z.string().superRefine((value, ctx) => {
  const problem = sshPublicKeyProblem(value);
  if (problem !== undefined) {
    ctx.addIssue({ code: "custom", message: `${problem}; paste the one line of ~/.ssh/id_ed25519.pub, like "ssh-ed25519 AAAA... name@host"` });
  }
});
