import { describe, expect, it } from "vitest";
import { sshPublicKeyProblem } from "../../model/ssh-public-key";

// Public keys made with ssh-keygen for these tests (their private halves were never kept).
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINPFC6zS0jBN7n/E4jVqNqTEAGiMAMkyr4dYs5pb5j7I camille@jardin";
const ECDSA_256 =
  "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBFaZn2JdcVgcbBxZL1zw4PyzYL/jhyQMRRjAZvI3iSLxfikn3su0dklqwCzUoudXTzPV79vdwWZD6Xv6WH8sUlM= test";
const ECDSA_384 =
  "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBH7sLLQZFnCnbhs6DQv3jbrKqMx0IiDMOfGMRzeRe9tLbUmAZ7+R4RzN1wGRuqvugh5t7upKb8nnWsu1D66EXuQrpi8pAxzP+rHA6TtGySk9WijubVhboEkNzdnefrH+cg== test";
const ECDSA_521 =
  "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAGyCNk5SNQBnikV+7BHtwnGQJUap8r7MWU3Djat3x8RZL4XQsxbZ6UI4bkon2I7rMphqtE7gwD1NI1WuipxoK7ViwDwRazDr1PPKa3OI/cRBF+nBogLSUh8uvI/rNoS8PtlHg7NT08D27z5DCUPwy0v7B2DAjGMhoXZ1Xr4Sf/RiQ864Q== test";
const RSA_3072 =
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQC+R3Mi3+ECXfufdS4zD6WpejmZjpmLUxeiKRLFzi6mJOaXfdo/XxPYEFqSDLz5aqdxEoiuUI+a08Ft2bI5ILfQA7AggZJyR9a6Wmx/L78jXRENbOf+ws6zgr3olEOl54xcfb4nnpRwFoQYuBQ+aWVVFj9hH/mSOXlORyM+GVVywPJVIlrgayWlDNQagbpmyKXjSTeUoq9LljZwY4/XVKOtY5O0aPRd5LXB9q+L6YjNSVKnHO6/33w7ZxHIEcPZK6Ik69LGIDu2ocTNwNMjHE3JEfafOwnWOvdQ6A+Narm1ThOV4TUQK+KKOVg92l6u5uWw3/owj9k8C9UZB6QX+VkZK4TtT1c2zFENsoc/NAVQeG3/6S7A7JKYx69XeMCKTaafjiEhMQbaGPAHb55h7R0dM4+rGqenbeVaoZs7qoy+msKr3kvn07aOiF+5MKi6OJodRf466dyUsqV9J/0EmuMPW7u+eCCcA0Gyb7huXGRtAaqJT2vhW/PvKMFeIBr6Lbs= test";
const RSA_1024 =
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCf6Ojlcs6GMuOX1vf7uIy/gf67EXmJQVoSRd2RkTiitnFAgy/PQ4rsRegV1tTnksB9iwkq15PHMSFMU7dshwEHT+vsm2QLejltg1lNEDdqx4nfnUnOlcQnfKo7qMlMAEGR4DUpwFvWCCGzxb3XFxfhVXwdklxjV7DcERJqKNzAbQ== test";

describe("an OpenSSH public key", () => {
  it.each([ED25519, ECDSA_256, ECDSA_384, ECDSA_521, RSA_3072, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINPFC6zS0jBN7n/E4jVqNqTEAGiMAMkyr4dYs5pb5j7I"])("is taken as it is: %s", (line) => {
    expect(sshPublicKeyProblem(line)).toBeUndefined();
  });

  it.each([
    ["a private key", "-----BEGIN OPENSSH PRIVATE KEY-----", "is a private key, which must never leave its owner's machine"],
    ["one word", "camille", "is not one line of `type base64-key comment`"],
    ["an unknown type", "ssh-dss AAAAB3NzaC1kc3M= old", 'has type "ssh-dss"; use one of ssh-ed25519, sk-ssh-ed25519@openssh.com, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, ssh-rsa'],
    // The example fleet's former placeholder: a length of 32 bytes followed by 34.
    ["a made-up key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHQ0c2VtZXVycy1nYXJkZW5lci1jYW1pbGxlLWV4YW1wbGU camille@jardin", "has a key that is not valid base64 (pasted partly, or with a character changed?)"],
    ["bytes after the key", `ssh-ed25519 ${Buffer.concat([Buffer.from(ED25519.split(" ")[1]!, "base64"), Buffer.from("more")]).toString("base64")}`, "has bytes after the key (pasted twice, or a key of another type?)"],
    ["a key cut short", ED25519.slice(0, 60), "has a key cut short (pasted partly?)"],
    ["a character changed in the base64", ED25519.replace("AAAAC3", "AAAAC3!"), "is not one line of `type base64-key comment`"],
    ["base64 that does not decode back", ECDSA_256.replace("sUlM=", "sUlN="), "has a key that is not valid base64 (pasted partly, or with a character changed?)"],
    ["the type of another key", `ssh-rsa ${ED25519.split(" ")[1]}`, 'says "ssh-rsa" but its key is a "ssh-ed25519" key'],
    ["a weak RSA key", RSA_1024, "has an RSA key of 1024 bits; use 2048 bits or more, or better an ed25519 key"],
    ["an ECDSA point off its curve", ECDSA_256.replace("BFaZn2Jd", "BFaZn2Je"), /^has a key Node's crypto refuses: /],
  ])("refuses %s, saying why", (_, line, why) => {
    const problem = sshPublicKeyProblem(line);
    if (why instanceof RegExp) expect(problem).toMatch(why);
    else expect(problem).toBe(why);
  });
});
