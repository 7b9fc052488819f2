import { describe, expect, it } from "vitest";
import { hostnameOf } from "../../../model/hostnames";
import { tenantSchema } from "../../../model/tenant";
import {
  clientProblems,
  containerProblems,
  imageRepository,
  loadAppContracts,
  plannedPods,
  type AppContract,
  type PlannedClient,
  type PlannedContainer,
  type PlannedPod,
} from "../../helpers/app-contracts";
import { baselineTenant } from "../../helpers/declarations";
import { prodPlan } from "../../helpers/plan";
import synapseContract from "../../contracts/synapse/oidc-v1.149.1.json";
import { tenantResources } from "../../helpers/tenant";

// One tenant with every app, planned as the program plans it.
const APPS = { nextcloud: { storageGiB: 50 }, jitsi: {}, matrix: {}, mobilizon: {}, hedgedoc: {}, grist: {} } as const;
const tenant = tenantSchema.parse(baselineTenant({ apps: APPS }));
const planned = tenantResources({ apps: APPS });

const CONTRACTS = loadAppContracts();
const contract = (app: string): AppContract => CONTRACTS.find((c) => c.app === app)!;

/**
 * Variables only jardin's own files read (the Nextcloud hook and config.php, Mobilizon's
 * jardin.exs): the test below finds each one in those files.
 */
const OWN_ENV: Readonly<Record<string, readonly string[]>> = {
  nextcloud: [
    "JARDIN_REDIS_HOST",
    "JARDIN_REDIS_PASSWORD",
    "OIDC_PROVIDER",
    "OIDC_CLIENT_ID",
    "OIDC_CLIENT_SECRET",
    "OIDC_DISCOVERY_URI",
    "OIDC_POST_LOGOUT_URI",
    "OIDC_SCOPE",
    "JARDIN_OFFICE",
    "OFFICE_URL",
    "ONLYOFFICE_JWT_SECRET",
  ],
  mobilizon: ["MOBILIZON_OIDC_CLIENT_SECRET"],
};

/** Images of a tenant's apps that have no contract here, each with why. */
const WITHOUT_CONTRACT: Readonly<Record<string, string>> = {
  "nginxinc/nginx-unprivileged": "Nextcloud's web server: jardin writes its whole configuration (nextcloud-files.ts)",
  "valkey/valkey": "Nextcloud's cache, started with jardin's config file only (nextcloud.ts)",
  "collabora/code": "office suite, not one of issue 15's apps; tested in nextcloud.test.ts",
  "matrixdotorg/synapse": "started directly with jardin's own config files (synapse-config.ts); its OIDC behaviour is test/contracts/synapse/",
};

/** The app of each contract whose OIDC client is planned, by client id. */
const CLIENTS: Readonly<Record<string, string>> = { nextcloud: "nextcloud", jitsi: "jitsi", hedgedoc: "hedgedoc", mobilizon: "mobilizon", grist: "grist" };

const appOfContract = (app: string) => (app === "element" ? "matrix" : app);

async function podsWith(image: string): Promise<{ pod: PlannedPod; container: PlannedContainer; init: boolean }[]> {
  return plannedPods(await planned).flatMap((pod) => [
    ...pod.containers.filter((c) => imageRepository(c.image) === image).map((container) => ({ pod, container, init: false })),
    ...pod.initContainers.filter((c) => imageRepository(c.image) === image).map((container) => ({ pod, container, init: true })),
  ]);
}

async function clientOf(clientId: string): Promise<PlannedClient> {
  const clients = (await planned).filter((r) => r.type === "keycloak:openid/client:Client" && (r.inputs as any).clientId === clientId);
  expect(clients).toHaveLength(1);
  return clients[0]!.inputs as unknown as PlannedClient;
}

function configMapText(app: string, resources: Awaited<typeof planned>): string {
  return resources
    .filter((r) => r.type === "kubernetes:core/v1:ConfigMap" && (r.inputs as any).metadata?.labels?.["app.kubernetes.io/name"] === app)
    .flatMap((r) => Object.values((r.inputs as any).data as Record<string, string>))
    .join("\n");
}

describe("each app as its image and code really behave at the pinned tag (test/contracts/apps)", () => {
  it("has a contract for every app of issue 15", () => {
    expect(CONTRACTS.map((c) => c.app)).toEqual(["element", "grist", "hedgedoc", "jitsi", "mobilizon", "nextcloud"]);
  });

  for (const app of loadAppContracts()) {
    for (const [name, image] of Object.entries(app.containers)) {
      it(`${app.app}: ${image.image} runs pinned at ${image.tag}, as ${image.user}, writing only where it may, with only the variables it reads`, async () => {
        const found = await podsWith(image.image);
        expect(found.length).toBeGreaterThan(0);
        const problems = found.flatMap(({ pod, container, init }) =>
          containerProblems(pod, container, image, { ownEnv: OWN_ENV[appOfContract(app.app)] ?? [], main: !init && container.name === name }),
        );
        expect(problems).toEqual([]);
        // The container named in the contract is among them: its writable paths were checked.
        expect(found.some(({ container, init }) => !init && container.name === name)).toBe(true);
      });
    }
  }

  it("runs no other image without saying why", async () => {
    const covered = new Set(CONTRACTS.flatMap((c) => Object.values(c.containers).map((i) => i.image)));
    const images = new Set(plannedPods(await planned).flatMap((pod) => [...pod.containers, ...pod.initContainers].map((c) => imageRepository(c.image))));
    const unexplained = [...images].filter((image) => !covered.has(image) && WITHOUT_CONTRACT[image] === undefined);
    // The volume-backup pods are the platform's (k8up), not an app's.
    expect(unexplained.filter((image) => !image.includes("k8up"))).toEqual([]);
  });

  for (const [app, clientId] of Object.entries(CLIENTS)) {
    it(`${app}: its realm client allows exactly what the app sends`, async () => {
      const oidc = contract(app).oidc!;
      expect(clientProblems(await clientOf(clientId), oidc, hostnameOf(tenant, app as keyof typeof APPS)!)).toEqual([]);
    });
  }

  it("starts each app's login where its code starts it: what npm run verify follows to the realm", () => {
    // fede-educpop runs every app.
    const logins = prodPlan().outputs.verify.tenants["fede-educpop"]!.logins;
    const start = (clientId: string) => {
      const url = new URL(logins.find((l) => l.clientId === clientId)!.loginUrl);
      return { path: url.pathname + url.search, url };
    };
    for (const [app, clientId] of Object.entries(CLIENTS)) expect(start(clientId).path, app).toBe(contract(app).oidc!.loginPath);
    const synapse = start("synapse").url;
    expect(synapse.pathname).toBe(synapseContract.loginPath);
    // Element's address, where Synapse sends the browser back once logged in.
    expect(synapse.searchParams.get("redirectUrl")).toBe("https://chat.educpop.example/");
  });

  it("sets what makes each app send the PKCE and scopes its client expects", async () => {
    const resources = await planned;
    const envOf = (container: string) =>
      Object.fromEntries(
        plannedPods(resources)
          .flatMap((p) => p.containers)
          .filter((c) => c.name === container)
          .flatMap((c) => (c.env ?? []) as { name: string; value?: string }[])
          .map((e) => [e.name, e.value]),
      );
    const hedgedoc = contract("hedgedoc").oidc!;
    expect(envOf("hedgedoc")[hedgedoc.pkceNeeds!.env]).toBe(hedgedoc.pkceNeeds!.value);
    for (const c of CONTRACTS) {
      const setting = c.oidc?.scopeSetting;
      if (setting?.env !== undefined) expect(envOf(setting.container!)[setting.env]).toBe(c.oidc!.scopes.join(" "));
    }
    expect(configMapText("mobilizon", resources)).toContain(`default_scope: "${contract("mobilizon").oidc!.scopes.join(" ")}"`);
    // Grist asks its default scopes: nothing may change them.
    expect(envOf("grist")["GRIST_OIDC_IDP_SCOPES"]).toBeUndefined();
  });

  it("finds every variable only jardin reads in jardin's own files", async () => {
    const resources = await planned;
    for (const [app, variables] of Object.entries(OWN_ENV)) {
      const text = configMapText(app, resources);
      for (const variable of variables) expect(text, `${app}: ${variable}`).toMatch(new RegExp(`\\b${variable}\\b`));
      // And none of them is a name the image reads for something else.
      const imageEnv = Object.values(contract(app).containers).flatMap((i) => i.env);
      expect(variables.filter((v) => imageEnv.includes(v))).toEqual([]);
    }
  });

  it("nulls what Element would otherwise take from its defaults", async () => {
    const configMap = (await planned).find((r) => r.type === "kubernetes:core/v1:ConfigMap" && (r.inputs as any).metadata?.name === "matrix-config")!;
    const config = JSON.parse((configMap.inputs as any).data["config.json"]);
    for (const key of contract("element").config!.mustBeNull) expect(config[key], key).toBeNull();
  });
});

describe("the contract checks, from a compliant baseline with one thing changed", () => {
  const image = contract("hedgedoc").containers["hedgedoc"]!;
  const baseline = async () => {
    const [found] = await podsWith(image.image);
    return { pod: found!.pod, container: found!.container };
  };

  it("pass the planned HedgeDoc as it is", async () => {
    const { pod, container } = await baseline();
    expect(containerProblems(pod, container, image, { ownEnv: [], main: true })).toEqual([]);
  });

  it("fail when the pinned tag moves away from the tag the contract was read at", async () => {
    const { pod, container } = await baseline();
    expect(containerProblems(pod, { ...container, image: "quay.io/hedgedoc/hedgedoc:1.10.8" }, image, { ownEnv: [], main: true })).toEqual([
      `Deployment les-semeurs-hedgedoc-web, container hedgedoc: image tag 1.10.8, but its contract was read at 1.10.7: read the sources at 1.10.8 and update the contract`,
    ]);
  });

  it("fail on a variable the image does not read (a misspelling is silently ignored)", async () => {
    const { pod, container } = await baseline();
    const env = [...(container.env ?? []), { name: "CMD_OAUTH2_PKCE_ENABLED" }];
    expect(containerProblems(pod, { ...container, env }, image, { ownEnv: [], main: true })).toEqual([
      "Deployment les-semeurs-hedgedoc-web, container hedgedoc: sets CMD_OAUTH2_PKCE_ENABLED, which the image does not read",
    ]);
  });

  it("fail when a path the image writes has no writable volume", async () => {
    const { pod, container } = await baseline();
    const volumeMounts = (container.volumeMounts ?? []).map((m: NonNullable<PlannedContainer["volumeMounts"]>[number]) => (m.mountPath === "/tmp" ? { ...m, readOnly: true } : m));
    expect(containerProblems(pod, { ...container, volumeMounts }, image, { ownEnv: [], main: true })).toEqual([
      "Deployment les-semeurs-hedgedoc-web, container hedgedoc: /tmp is where the image writes, but no writable volume is mounted there",
    ]);
  });

  it("fail when the container runs as another user than the image's", async () => {
    const { pod, container } = await baseline();
    const securityContext = { ...container.securityContext, runAsUser: 1000 };
    expect(containerProblems(pod, { ...container, securityContext }, image, { ownEnv: [], main: true })).toEqual([
      "Deployment les-semeurs-hedgedoc-web, container hedgedoc: runs as 1000, the image's user is 10000",
    ]);
  });

  const oidc = contract("jitsi").oidc!;
  const host = "visio.semeurs.example";

  it("pass the planned Jitsi client as it is", async () => {
    expect(clientProblems(await clientOf("jitsi"), oidc, host)).toEqual([]);
  });

  it("fail when a client requires PKCE the app never sends", async () => {
    const client = { ...(await clientOf("jitsi")), pkceCodeChallengeMethod: "S256" };
    expect(clientProblems(client, oidc, host)).toEqual(['PKCE "S256" required, the app sends none']);
  });

  it("fail on a redirect URI the app does not send, and on a post-logout pattern", async () => {
    const client = { ...(await clientOf("jitsi")), validRedirectUris: ["https://visio.semeurs.example/*"], validPostLogoutRedirectUris: ["https://visio.semeurs.example/*"] };
    expect(clientProblems(client, oidc, host)).toEqual([
      'redirect URIs ["https://visio.semeurs.example/*"], the app sends https://visio.semeurs.example/oidc/tokenize',
      'post-logout URIs ["https://visio.semeurs.example/*"], the app sends []',
    ]);
  });

  it("fail when the back-channel logout URL differs from the one the app serves", async () => {
    const nextcloud = contract("nextcloud").oidc!;
    const client = { ...(await clientOf("nextcloud")), backchannelLogoutUrl: "https://cloud.semeurs.example/index.php/apps/user_oidc/backchannel-logout/jardin" };
    expect(clientProblems(client, nextcloud, "cloud.semeurs.example")).toEqual([
      "back-channel logout URL https://cloud.semeurs.example/index.php/apps/user_oidc/backchannel-logout/jardin, the app serves https://cloud.semeurs.example/apps/user_oidc/backchannel-logout/jardin",
    ]);
  });
});
