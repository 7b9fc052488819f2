import { describe, expect, it } from "vitest";
import { video720p } from "../../policies/video-720p";
import { plannedResource, violationsOf } from "../helpers/policies";
import { container, deployment, env, podSpec, workloads } from "../helpers/workloads";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const check = (containers: Record<string, unknown>[]) => violationsOf(video720p, plannedResource(DEPLOYMENT, deployment(containers)));
const where = 'Deployment les-semeurs/app, container "app"';

describe("policy video-720p", () => {
  describe("Jitsi Meet web", () => {
    const web = (values: Record<string, string>, image = "jitsi/web:stable-10431") => container({ image, env: env(values) });
    const capped = { RESOLUTION: "720", RESOLUTION_WIDTH: "1280" };

    it("passes the image with both caps at 720p, or lower, from any registry", async () => {
      expect(await check([web(capped)])).toEqual([]);
      expect(await check([web({ RESOLUTION: "480", RESOLUTION_WIDTH: "854" }, "ghcr.io/jitsi/web@sha256:abc")])).toEqual([]);
      expect(await check([web({ ...capped, RESOLUTION_MIN: "180" })])).toEqual([]);
    });

    it("finds it in every workload kind, init containers included", async () => {
      for (const [type, inputs] of Object.entries(workloads(podSpec([container()], { initContainers: [web({})] })))) {
        expect(await violationsOf(video720p, plannedResource(type, inputs))).toHaveLength(2);
      }
    });

    it("stops a resolution above 720, written as a string or a number", async () => {
      expect(await check([web({ ...capped, RESOLUTION: "1080" })])).toEqual([
        `${where}: RESOLUTION is "1080", above the collective's cap; set it to 720 or lower`,
      ]);
      const numeric = container({ image: "jitsi/web:stable-10431", env: [{ name: "RESOLUTION", value: 1080 }, { name: "RESOLUTION_WIDTH", value: 1280 }] });
      expect(await check([numeric])).toEqual([`${where}: RESOLUTION is "1080", above the collective's cap; set it to 720 or lower`]);
    });

    it("stops a width above 1280", async () => {
      expect(await check([web({ ...capped, RESOLUTION_WIDTH: "1920" })])).toEqual([
        `${where}: RESOLUTION_WIDTH is "1920", above the collective's cap; set it to 1280 or lower`,
      ]);
    });

    it("stops a missing cap, though upstream's default is 720", async () => {
      expect(await check([web({ RESOLUTION: "720" })])).toEqual([
        `${where}: RESOLUTION_WIDTH is not set; set it literally in env to 1280 or lower (Jitsi's cap)`,
      ]);
    });

    it("stops a cap it cannot read: from a Secret, or maybe from envFrom", async () => {
      const fromSecret = container({
        image: "jitsi/web:stable-10431",
        env: [...env({ RESOLUTION_WIDTH: "1280" }), { name: "RESOLUTION", valueFrom: { configMapKeyRef: { name: "jitsi", key: "resolution" } } }],
      });
      expect(await check([fromSecret])).toEqual([
        `${where}: RESOLUTION comes from a configMapKeyRef, which this policy cannot read; set it literally in env to 720 or lower (Jitsi's cap)`,
      ]);
      const imported = container({ image: "jitsi/web:stable-10431", env: env({ RESOLUTION: "720" }), envFrom: [{ configMapRef: { name: "jitsi" } }] });
      expect(await check([imported])).toEqual([
        `${where}: RESOLUTION_WIDTH is not set by name (it may come from envFrom, which this policy cannot read); set it literally in env to 1280 or lower (Jitsi's cap)`,
      ]);
    });

    it("stops a floor above the cap", async () => {
      expect(await check([web({ ...capped, RESOLUTION_MIN: "1080" })])).toEqual([
        `${where}: RESOLUTION_MIN is "1080", a floor above the cap; set it to 720 or lower, or leave it out`,
      ]);
    });

    it("leaves other Jitsi images alone", async () => {
      expect(await check([container({ image: "jitsi/prosody:stable-10431" })])).toEqual([]);
    });
  });

  describe("Jibri", () => {
    const jibri = (values: Record<string, string>) => container({ image: "jitsi/jibri:stable-10431", env: env(values) });

    it("passes recording and streaming at 1280x720 or lower", async () => {
      expect(await check([jibri({ JIBRI_RECORDING_RESOLUTION: "1280x720" })])).toEqual([]);
      expect(await check([jibri({ JIBRI_RECORDING_RESOLUTION: "854x480" })])).toEqual([]);
    });

    it("stops 1080p", async () => {
      expect(await check([jibri({ JIBRI_RECORDING_RESOLUTION: "1920x1080" })])).toEqual([
        `${where}: JIBRI_RECORDING_RESOLUTION is "1920x1080", above 1280x720; set it to 1280x720 or lower`,
      ]);
    });

    it("stops a missing resolution: upstream's default could change", async () => {
      expect(await check([jibri({})])).toEqual([
        `${where}: JIBRI_RECORDING_RESOLUTION is not set; set it literally in env to 1280x720 or lower (recordings and live streams)`,
      ]);
    });
  });

  describe("PeerTube", () => {
    const offAbove720 = { PEERTUBE_TRANSCODING_1080P: "false", PEERTUBE_TRANSCODING_1440P: "false", PEERTUBE_TRANSCODING_2160P: "false" };
    const keepNoOriginal = JSON.stringify({ transcoding: { always_transcode_original_resolution: false } });
    const peertube = (values: Record<string, string>) => container({ image: "chocobozzz/peertube:v7.3.0-bookworm", env: env(values) });

    it("passes resolutions above 720p turned off and the original resolution not kept", async () => {
      expect(await check([peertube({ ...offAbove720, NODE_CONFIG: keepNoOriginal })])).toEqual([]);
    });

    it("stops 1080p turned on", async () => {
      expect(await check([peertube({ ...offAbove720, PEERTUBE_TRANSCODING_1080P: "true", NODE_CONFIG: keepNoOriginal })])).toEqual([
        `${where}: PEERTUBE_TRANSCODING_1080P is "true", transcoding to 1080p; set it to "false"`,
      ]);
    });

    it("stops a resolution above 720p left to the default", async () => {
      const { PEERTUBE_TRANSCODING_2160P: _left, ...rest } = offAbove720;
      expect(await check([peertube({ ...rest, NODE_CONFIG: keepNoOriginal })])).toEqual([
        `${where}: transcoding to 2160p is not turned off; set PEERTUBE_TRANSCODING_2160P: "false"`,
      ]);
    });

    it("accepts a resolution turned off in NODE_CONFIG instead", async () => {
      const nodeConfig = JSON.stringify({ transcoding: { always_transcode_original_resolution: false, resolutions: { "1080p": false, "1440p": false, "2160p": false } } });
      expect(await check([peertube({ NODE_CONFIG: nodeConfig })])).toEqual([]);
    });

    it("stops a resolution variable it cannot read, though NODE_CONFIG turns it off: the variable wins", async () => {
      const nodeConfig = JSON.stringify({ transcoding: { always_transcode_original_resolution: false, resolutions: { "1080p": false, "1440p": false, "2160p": false } } });
      const imported = container({ image: "chocobozzz/peertube:v7.3.0-bookworm", env: env({ NODE_CONFIG: nodeConfig }), envFrom: [{ configMapRef: { name: "peertube" } }] });
      expect(await check([imported])).toEqual(
        ["1080P", "1440P", "2160P"].map(
          (p) => `${where}: PEERTUBE_TRANSCODING_${p} is not set by name (it may come from envFrom, which this policy cannot read); set it literally in env`,
        ),
      );
    });

    it("stops keeping the original resolution, set or left to the default", async () => {
      expect(await check([peertube(offAbove720)])).toEqual([
        `${where}: transcoding.always_transcode_original_resolution is not set (upstream's default keeps uploads above 720p); set NODE_CONFIG to {"transcoding":{"always_transcode_original_resolution":false}}`,
      ]);
      expect(await check([peertube({ ...offAbove720, NODE_CONFIG: '{"transcoding":{"always_transcode_original_resolution":true}}' })])).toHaveLength(1);
    });

    it("stops live transcoding above 720p, and live keeping the original resolution", async () => {
      const nodeConfig = JSON.stringify({
        transcoding: { always_transcode_original_resolution: false },
        live: { enabled: true, transcoding: { resolutions: { "1080p": true } } },
      });
      expect(await check([peertube({ ...offAbove720, NODE_CONFIG: nodeConfig })])).toEqual([
        `${where}: live.transcoding.resolutions.1080p is true in NODE_CONFIG; set it to false`,
        `${where}: live is enabled and live.transcoding.always_transcode_original_resolution is not set; set it to false in NODE_CONFIG`,
      ]);
    });

    it("stops a NODE_CONFIG it cannot read", async () => {
      expect(await check([peertube({ ...offAbove720, NODE_CONFIG: "transcoding: {}" })])).toEqual([
        `${where}: NODE_CONFIG is not a JSON object; write it as one, e.g. {"transcoding":{"always_transcode_original_resolution":false}}`,
      ]);
    });
  });

  describe("Owncast output variants", () => {
    const variants = (value: unknown[]) =>
      plannedResource("kubernetes:core/v1:ConfigMap", { metadata: { name: "owncast-video", namespace: "les-semeurs" }, data: { "variants.json": JSON.stringify({ value }) } });

    it("passes variants scaled to 720 lines or fewer", async () => {
      expect(await violationsOf(video720p, variants([{ scaledHeight: 720, videoBitrate: 2500 }, { scaledHeight: 480, videoBitrate: 1200 }]))).toEqual([]);
    });

    it("stops a variant above 720, one without a height and one passing the input through", async () => {
      expect(await violationsOf(video720p, variants([{ scaledHeight: 1080 }, { videoBitrate: 1200 }, { videoPassthrough: true }]))).toEqual([
        "ConfigMap les-semeurs/owncast-video: data.variants.json: output variant 0 has scaledHeight 1080; set scaledHeight: 720 or lower (without it Owncast keeps the input's height)",
        "ConfigMap les-semeurs/owncast-video: data.variants.json: output variant 1 has scaledHeight not set; set scaledHeight: 720 or lower (without it Owncast keeps the input's height)",
        "ConfigMap les-semeurs/owncast-video: data.variants.json: output variant 2 passes the input video through at its own resolution; set videoPassthrough: false and scaledHeight: 720 or lower",
      ]);
    });

    it("leaves ConfigMaps without variants alone", async () => {
      expect(await violationsOf(video720p, plannedResource("kubernetes:core/v1:ConfigMap", { data: { "app.json": '{"height": 1080}' } }))).toEqual([]);
    });
  });

  it("refuses a video app deployed as a Helm chart: its containers are not visible", async () => {
    expect(await violationsOf(video720p, plannedResource("kubernetes:helm.sh/v3:Release", { chart: "jitsi-meet", version: "1.5.1" }, { name: "visio" }))).toEqual([
      'Helm release visio deploys chart "jitsi-meet", whose video settings this policy cannot see; write the app as Kubernetes objects (as components/ do) so its 720p cap can be checked',
    ]);
    expect(await violationsOf(video720p, plannedResource("kubernetes:helm.sh/v3:Release", { chart: "traefik" }))).toEqual([]);
  });
});
