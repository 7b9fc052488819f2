import { createPublicKey } from "node:crypto";

/**
 * Why a line is not an OpenSSH public key, or undefined when it is one (Hetzner refuses a malformed
 * key when jardin creates it: the first call of a first deploy). The
 * line is `type base64 [comment]`; the base64 is the key in SSH's wire format (RFC 4253 §6.6: the
 * type again, then its fields, each a uint32 length and its bytes; RFC 8709 §4 for ed25519,
 * RFC 5656 §3.1 for ECDSA, OpenSSH's PROTOCOL.u2f for security keys). The key itself is handed to
 * Node's crypto, which refuses an RSA modulus or an elliptic-curve point that is not one.
 */
export function sshPublicKeyProblem(line: string): string | undefined {
  if (line.includes("PRIVATE KEY")) return "is a private key, which must never leave its owner's machine";
  const match = /^(\S+) ([A-Za-z0-9+/]+={0,2})(?: [^\n]*)?$/.exec(line);
  if (match === null) return "is not one line of `type base64-key comment`";
  const [, type = "", encoded = ""] = match;
  const spec = KEY_TYPES[type];
  if (spec === undefined) return `has type "${type}"; use one of ${Object.keys(KEY_TYPES).join(", ")}`;
  const blob = Buffer.from(encoded, "base64");
  if (blob.toString("base64") !== encoded) return "has a key that is not valid base64 (pasted partly, or with a character changed?)";
  const reader = new WireReader(blob);
  try {
    const inner = reader.string().toString("latin1");
    if (inner !== type) return `says "${type}" but its key is a "${inner}" key`;
    const problem = spec(reader);
    if (problem !== undefined) return problem;
    if (!reader.atEnd()) return "has bytes after the key (pasted twice, or a key of another type?)";
  } catch (error) {
    return error instanceof WireError ? error.message : `has a key Node's crypto refuses: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}

class WireError extends Error {}

/** Reads SSH wire-format fields (RFC 4251 §5: uint32 length, then that many bytes). */
class WireReader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}

  string(): Buffer {
    if (this.offset + 4 > this.bytes.length) throw new WireError("has a key cut short (pasted partly?)");
    const length = this.bytes.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (start + length > this.bytes.length) throw new WireError("has a key cut short (pasted partly?)");
    this.offset = start + length;
    return this.bytes.subarray(start, start + length);
  }

  atEnd(): boolean {
    return this.offset === this.bytes.length;
  }
}

const base64url = (bytes: Buffer) => bytes.toString("base64url");
/** An mpint without its sign byte (RFC 4251 §5). */
const unsigned = (mpint: Buffer) => (mpint[0] === 0 ? mpint.subarray(1) : mpint);

function ed25519(reader: WireReader): string | undefined {
  const key = reader.string();
  if (key.length !== 32) return `has an ed25519 key of ${key.length} bytes, not 32`;
  createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: base64url(key) }, format: "jwk" });
  return undefined;
}

function ecdsa(curve: "nistp256" | "nistp384" | "nistp521", jwkCurve: "P-256" | "P-384" | "P-521", size: number) {
  return (reader: WireReader): string | undefined => {
    const name = reader.string().toString("latin1");
    if (name !== curve) return `names curve "${name}" where ${curve} belongs`;
    const point = reader.string();
    // An uncompressed point: 0x04, then x and y (SEC 1 §2.3.3).
    if (point.length !== 1 + 2 * size || point[0] !== 4) return `has a ${curve} point that is not an uncompressed one of ${1 + 2 * size} bytes`;
    createPublicKey({ key: { kty: "EC", crv: jwkCurve, x: base64url(point.subarray(1, 1 + size)), y: base64url(point.subarray(1 + size)) }, format: "jwk" });
    return undefined;
  };
}

function rsa(reader: WireReader): string | undefined {
  const e = unsigned(reader.string());
  const n = unsigned(reader.string());
  if (n.length * 8 < 2048) return `has an RSA key of ${n.length * 8} bits; use 2048 bits or more, or better an ed25519 key`;
  createPublicKey({ key: { kty: "RSA", n: base64url(n), e: base64url(e) }, format: "jwk" });
  return undefined;
}

/** A security key's ed25519 key, then the application it is bound to (OpenSSH PROTOCOL.u2f). */
function skEd25519(reader: WireReader): string | undefined {
  const problem = ed25519(reader);
  if (problem !== undefined) return problem;
  reader.string();
  return undefined;
}

const KEY_TYPES: Readonly<Record<string, (reader: WireReader) => string | undefined>> = {
  "ssh-ed25519": ed25519,
  "sk-ssh-ed25519@openssh.com": skEd25519,
  "ecdsa-sha2-nistp256": ecdsa("nistp256", "P-256", 32),
  "ecdsa-sha2-nistp384": ecdsa("nistp384", "P-384", 48),
  "ecdsa-sha2-nistp521": ecdsa("nistp521", "P-521", 66),
  "ssh-rsa": rsa,
};
