import { defineTenant } from "../model/tenant";

// A small association (an AMAP of 40 households): a shared folder for the delivery rota, no more.
// It has no domain of its own, so it lives under the collective's. It is moving off louise-michel
// (README, "Move one from louise-michel to ada-lovelace"): its data is being restored on
// ada-lovelace while its old side, suspended, shows the maintenance page.
export default defineTenant({
  id: "amap-du-plateau",
  name: "AMAP du Plateau",
  contact: "bureau@amap-du-plateau.jardin.example",
  cluster: "ada-lovelace",
  move: { from: "louise-michel", phase: "restore" },
  domain: "amap-du-plateau.jardin.example",
  // The state it has on ada-lovelace from the switch on; until then it runs nothing there.
  state: "suspended",
  sso: { admins: ["bureau@amap-du-plateau.jardin.example"], mfa: "optional" },
  apps: {
    nextcloud: { storageGiB: 20, office: "none" },
  },
});
