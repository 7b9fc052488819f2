import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { envSetting, invisibleReason, unreadable } from "./lib/env";
import { isImageOf } from "./lib/images";
import { asRecord, containersOf, describeContainer, describeObject, isRecord, podSpecOf, type ContainerRef } from "./lib/kubernetes";
import { owncastVariantDocuments } from "./lib/owncast";

/** The collective's cap: 720 lines, 1280 pixels wide (sobriety: video is the heaviest load). */
export const MAX_HEIGHT = 720;
export const MAX_WIDTH = 1280;

/**
 * docker-jitsi-meet's web image writes these into config.js: RESOLUTION sets `resolution` and the
 * height constraint's ideal and max, RESOLUTION_WIDTH the width's; the *_MIN ones are the floors.
 * https://github.com/jitsi/docker-jitsi-meet/blob/master/web/rootfs/defaults/settings-config.js
 */
const JITSI_WEB_CAPS = { RESOLUTION: MAX_HEIGHT, RESOLUTION_WIDTH: MAX_WIDTH } as const;
const JITSI_WEB_FLOORS = { RESOLUTION_MIN: MAX_HEIGHT, RESOLUTION_WIDTH_MIN: MAX_WIDTH } as const;

/**
 * Jibri's ffmpeg resolution, used for recordings and live streams alike. Upstream's default is
 * 1280x720, but a default can change under us: like Jitsi web's cap, it must be written.
 * https://github.com/jitsi/docker-jitsi-meet/blob/master/jibri/rootfs/defaults/jibri.conf
 */
const JIBRI_RESOLUTION = "JIBRI_RECORDING_RESOLUTION";

/**
 * PeerTube's image maps these to transcoding.resolutions.* (node-config's custom environment
 * variables); NODE_CONFIG, a JSON document, can set any key, including the ones without a variable.
 * https://github.com/Chocobozzz/PeerTube/blob/develop/support/docker/production/config/custom-environment-variables.yaml
 */
const PEERTUBE_ABOVE_720 = { PEERTUBE_TRANSCODING_1080P: "1080p", PEERTUBE_TRANSCODING_1440P: "1440p", PEERTUBE_TRANSCODING_2160P: "2160p" } as const;
const PEERTUBE_RESOLUTIONS_ABOVE_720 = Object.values(PEERTUBE_ABOVE_720);

/** Charts the policy refuses: it cannot see the containers a chart renders. */
const VIDEO_CHART = /jitsi|jibri|peertube|owncast/i;

/**
 * Keeps every video service the collective runs at 720p, whoever deploys it: Jitsi Meet's web
 * image, Jibri, PeerTube (env and NODE_CONFIG) and Owncast's output variants in the ConfigMaps the
 * program hands to its admin API (owncast-variants-declared makes sure an Owncast has one).
 */
export const video720p: ResourceValidationPolicy = {
  name: "video-720p",
  description:
    "Video stays at or below 720p (1280x720): Jitsi Meet web's RESOLUTION caps, Jibri's recording resolution, PeerTube's transcoding resolutions and original-resolution setting, Owncast output variants in ConfigMaps; a missing or unreadable cap is a violation, and video apps deployed as Helm charts are refused because their rendered containers are not visible.",
  validateResource: (args, reportViolation) => {
    if (args.type === "kubernetes:helm.sh/v3:Release" || args.type === "kubernetes:helm.sh/v4:Chart") {
      const chart = args.props["chart"];
      if (typeof chart === "string" && VIDEO_CHART.test(chart)) {
        reportViolation(
          `Helm release ${args.name} deploys chart "${chart}", whose video settings this policy cannot see; write the app as Kubernetes objects (as components/ do) so its 720p cap can be checked`,
        );
      }
      return;
    }
    const subject = () => describeObject(args.type, args.props, args.name);
    if (args.type === "kubernetes:core/v1:ConfigMap") {
      checkOwncastVariants(subject(), args.props, reportViolation);
      return;
    }
    const pod = podSpecOf(args.type, args.props);
    if (pod === undefined) return;
    for (const ref of containersOf(pod.spec)) {
      const report = (message: string) => reportViolation(`${subject()}, ${describeContainer(ref)}: ${message}`);
      if (isImageOf(ref.container["image"], "jitsi/web")) checkJitsiWeb(ref, report);
      if (isImageOf(ref.container["image"], "jitsi/jibri")) checkJibri(ref, report);
      if (isImageOf(ref.container["image"], "chocobozzz/peertube")) checkPeertube(ref, report);
    }
  },
};

function checkJitsiWeb(ref: ContainerRef, report: (message: string) => void): void {
  for (const [name, max] of Object.entries(JITSI_WEB_CAPS)) {
    const setting = envSetting(ref.container, name);
    const invisible = invisibleReason(name, setting);
    if (invisible !== undefined) {
      report(`${invisible} to ${max} or lower (Jitsi's cap)`);
    } else if (setting.kind === "literal" && !isIntegerAtMost(setting.value, max)) {
      report(`${name} is "${setting.value}", above the collective's cap; set it to ${max} or lower`);
    }
  }
  for (const [name, max] of Object.entries(JITSI_WEB_FLOORS)) {
    const setting = envSetting(ref.container, name);
    // Floors default to 180 and 320 upstream: absent is fine, a floor above the cap is not.
    if (setting.kind === "literal" && !isIntegerAtMost(setting.value, max)) {
      report(`${name} is "${setting.value}", a floor above the cap; set it to ${max} or lower, or leave it out`);
    } else if (setting.kind === "reference") {
      report(unreadable(name, setting));
    }
  }
}

function checkJibri(ref: ContainerRef, report: (message: string) => void): void {
  const setting = envSetting(ref.container, JIBRI_RESOLUTION);
  const invisible = invisibleReason(JIBRI_RESOLUTION, setting);
  if (invisible !== undefined) {
    report(`${invisible} to ${MAX_WIDTH}x${MAX_HEIGHT} or lower (recordings and live streams)`);
    return;
  }
  if (setting.kind !== "literal") return;
  const match = /^(\d+)x(\d+)$/.exec(setting.value.trim());
  if (match === null || Number(match[1]) > MAX_WIDTH || Number(match[2]) > MAX_HEIGHT) {
    report(`${JIBRI_RESOLUTION} is "${setting.value}", above ${MAX_WIDTH}x${MAX_HEIGHT}; set it to ${MAX_WIDTH}x${MAX_HEIGHT} or lower`);
  }
}

function checkPeertube(ref: ContainerRef, report: (message: string) => void): void {
  const nodeConfig = readNodeConfig(ref, report);
  if (nodeConfig === undefined) return;
  const vod = asRecord(nodeConfig["transcoding"]);
  const vodResolutions = asRecord(vod["resolutions"]);

  for (const [name, resolution] of Object.entries(PEERTUBE_ABOVE_720)) {
    const setting = envSetting(ref.container, name);
    const fromNodeConfig = vodResolutions[resolution];
    if (setting.kind === "literal") {
      if (setting.value.trim() !== "false") report(`${name} is "${setting.value}", transcoding to ${resolution}; set it to "false"`);
    } else if (setting.kind !== "absent") {
      // The variable wins over NODE_CONFIG (node-config's precedence): it must be readable.
      report(unreadable(name, setting));
    } else if (fromNodeConfig !== false) {
      // Missing is a violation: an upstream default may turn a resolution on.
      report(`transcoding to ${resolution} is ${fromNodeConfig === undefined ? "not turned off" : `set to ${JSON.stringify(fromNodeConfig)}`}; set ${name}: "false"`);
    }
  }
  // Keeping the original resolution keeps 1080p and 4K uploads as they came; no variable sets it.
  if (vod["always_transcode_original_resolution"] !== false) {
    report(
      `transcoding.always_transcode_original_resolution is ${show(vod["always_transcode_original_resolution"])} (upstream's default keeps uploads above 720p); set NODE_CONFIG to {"transcoding":{"always_transcode_original_resolution":false}}`,
    );
  }
  const live = asRecord(nodeConfig["live"]);
  const liveTranscoding = asRecord(live["transcoding"]);
  const liveResolutions = asRecord(liveTranscoding["resolutions"]);
  for (const resolution of PEERTUBE_RESOLUTIONS_ABOVE_720) {
    if (liveResolutions[resolution] === true) report(`live.transcoding.resolutions.${resolution} is true in NODE_CONFIG; set it to false`);
  }
  if (live["enabled"] === true && liveTranscoding["always_transcode_original_resolution"] !== false) {
    report(`live is enabled and live.transcoding.always_transcode_original_resolution is ${show(liveTranscoding["always_transcode_original_resolution"])}; set it to false in NODE_CONFIG`);
  }
}

/** PeerTube's NODE_CONFIG as an object; undefined (after reporting) when it cannot be read. */
function readNodeConfig(ref: ContainerRef, report: (message: string) => void): Record<string, unknown> | undefined {
  const setting = envSetting(ref.container, "NODE_CONFIG");
  if (setting.kind === "reference") {
    report(unreadable("NODE_CONFIG", setting));
    return undefined;
  }
  if (setting.kind !== "literal") return {};
  try {
    const parsed: unknown = JSON.parse(setting.value);
    if (isRecord(parsed)) return parsed;
  } catch {
    // Reported below: a NODE_CONFIG PeerTube cannot parse either.
  }
  report(`NODE_CONFIG is not a JSON object; write it as one, e.g. {"transcoding":{"always_transcode_original_resolution":false}}`);
  return undefined;
}

function checkOwncastVariants(subject: string, props: Readonly<Record<string, unknown>>, reportViolation: ReportViolation): void {
  for (const document of owncastVariantDocuments(props)) {
    if (document.variants === undefined) {
      reportViolation(`${subject}: data.${document.key} mentions Owncast output variants but is not JSON; write the variants as JSON so their height can be checked`);
      continue;
    }
    for (const [index, variant] of document.variants.entries()) {
      const height = variant["scaledHeight"];
      if (variant["videoPassthrough"] === true) {
        reportViolation(`${subject}: data.${document.key}: output variant ${index} passes the input video through at its own resolution; set videoPassthrough: false and scaledHeight: ${MAX_HEIGHT} or lower`);
      } else if (!(typeof height === "number" || typeof height === "string") || !isIntegerAtMost(String(height), MAX_HEIGHT)) {
        reportViolation(`${subject}: data.${document.key}: output variant ${index} has scaledHeight ${show(height)}; set scaledHeight: ${MAX_HEIGHT} or lower (without it Owncast keeps the input's height)`);
      }
    }
  }
}

function isIntegerAtMost(text: string, max: number): boolean {
  return /^\s*\d+\s*$/.test(text) && Number(text) <= max;
}

function show(value: unknown): string {
  return value === undefined ? "not set" : JSON.stringify(value);
}
