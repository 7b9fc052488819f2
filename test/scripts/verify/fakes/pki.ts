import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

/** A certificate and its key, in PEM. */
export interface Issued {
  readonly cert: string;
  readonly key: string;
}

const DAY_MS = 86_400_000;

/** An RSA key from Node's own crypto (fast), handed to forge, which signs certificates. */
function keyPair(): { publicKey: forge.pki.PublicKey; privateKey: forge.pki.rsa.PrivateKey; pem: string } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

/** A test certificate authority: signs server certificates (DNS names, IP addresses) and client ones. */
export class TestCa {
  readonly cert: string;
  private readonly caCert: forge.pki.Certificate;
  private readonly caKey: forge.pki.rsa.PrivateKey;
  /** Every certificate is valid from the day before this. */
  private readonly since: Date;

  constructor(now: Date, name = "jardin verify test CA") {
    this.since = new Date(now.getTime() - DAY_MS);
    const keys = keyPair();
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = serial();
    cert.validity.notBefore = new Date(now.getTime() - DAY_MS);
    cert.validity.notAfter = new Date(now.getTime() + 3650 * DAY_MS);
    const subject = [{ name: "commonName", value: name }];
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.setExtensions([{ name: "basicConstraints", cA: true }, { name: "keyUsage", keyCertSign: true, cRLSign: true }]);
    cert.sign(keys.privateKey, forge.md.sha256.create());
    this.caCert = cert;
    this.caKey = keys.privateKey;
    this.cert = forge.pki.certificateToPem(cert);
  }

  /** A server certificate for these names (and 127.0.0.1), valid from yesterday until `notAfter`. */
  server(names: readonly string[], notAfter: Date): Issued {
    return this.issue(names[0] ?? "127.0.0.1", this.since, notAfter, [
      { name: "subjectAltName", altNames: [...names.map((value) => ({ type: 2, value })), { type: 7, ip: "127.0.0.1" }] },
      { name: "extKeyUsage", serverAuth: true },
    ]);
  }

  /** A client certificate, as k3s's admin one: CN and O (the group) name who it is. */
  client(commonName: string, organization: string, notAfter: Date): Issued {
    return this.issue(commonName, this.since, notAfter, [{ name: "extKeyUsage", clientAuth: true }], organization);
  }

  private issue(commonName: string, notBefore: Date, notAfter: Date, extensions: object[], organization?: string): Issued {
    const keys = keyPair();
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = serial();
    cert.validity.notBefore = notBefore;
    cert.validity.notAfter = notAfter;
    cert.setSubject([{ name: "commonName", value: commonName }, ...(organization === undefined ? [] : [{ name: "organizationName", value: organization }])]);
    cert.setIssuer(this.caCert.subject.attributes);
    cert.setExtensions(extensions);
    cert.sign(this.caKey, forge.md.sha256.create());
    return { cert: forge.pki.certificateToPem(cert), key: keys.pem };
  }
}

/** A positive serial number, as X.509 wants. */
function serial(): string {
  return `01${randomBytes(8).toString("hex")}`;
}
