import { describe, expect, it } from "vitest";
import { SYNAPSE_LOCALPART_TEMPLATE, synapseSecretConfig } from "../../../components/apps/synapse-config";
import synapse from "../../contracts/synapse/oidc-v1.149.1.json";

/** map_username_to_mxid_localpart at the pinned tag, from the contract: lower-case, then escape. */
function mxidLocalpart(rendered: string): string {
  const allowed = new Set([...synapse.mxidLocalpartAllowedCharacters].filter((c) => c !== "="));
  const escaped = [...Buffer.from(rendered.toLowerCase(), "utf8")]
    .map((byte) => (allowed.has(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `=${byte.toString(16).padStart(2, "0")}`))
    .join("");
  return escaped.replace(/^_/, "=5f");
}

/** The template's filter, `localpart_from_email`: address.rsplit("@", 1)[0]. */
function localpartFromEmail(address: string): string {
  return address.includes("@") ? address.slice(0, address.lastIndexOf("@")) : address;
}

const SETTINGS = {
  macaroonSecretKey: "m",
  formSecret: "f",
  smtp: { host: "smtp.jardin.example", port: 587, username: "relay", from: "noreply@jardin.example", password: "p" },
  oidc: { issuer: "https://sso.jardin.example/realms/les-semeurs", clientId: "synapse", clientSecret: "s", label: "Les Semeurs" },
};

describe("Synapse's accounts from the realm", () => {
  it("take the username less any @domain as Matrix localpart, with back-channel logout on", () => {
    const [provider] = synapseSecretConfig(SETTINGS)["oidc_providers"] as Record<string, any>[];
    expect(provider).toMatchObject({
      backchannel_logout_enabled: true,
      user_mapping_provider: { config: { localpart_template: SYNAPSE_LOCALPART_TEMPLATE } },
    });
    expect(SYNAPSE_LOCALPART_TEMPLATE).toBe("{{ user.preferred_username | localpart_from_email }}");
    // Only filters the pinned Synapse registers in its template environment.
    for (const [, filter] of SYNAPSE_LOCALPART_TEMPLATE.matchAll(/\|\s*(\w+)/g)) expect(synapse.templateFilters).toContain(filter);
  });

  it("never become @name=40domain: an address used as username keeps its name", () => {
    expect(synapse.localpartFromEmail).toBe("address.rsplit('@', 1)[0]");
    expect(mxidLocalpart(localpartFromEmail("dsi@educpop.example"))).toBe("dsi");
    expect(mxidLocalpart(localpartFromEmail("s.benali"))).toBe("s.benali");
    // Without the filter, as before: the address escaped into the ID for good.
    expect(mxidLocalpart("dsi@educpop.example")).toBe("dsi=40educpop.example");
  });
});
