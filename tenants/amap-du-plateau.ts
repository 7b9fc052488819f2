import { defineTenant } from "../model/tenant";

// A small association (an AMAP of 40 households): a shared folder for the delivery rota, no more.
// It has no domain of its own, so it lives under the collective's.
export default defineTenant({
  id: "amap-du-plateau",
  name: "AMAP du Plateau",
  contact: "bureau@amap-du-plateau.jardin.example",
  cluster: "louise-michel",
  domain: "amap-du-plateau.jardin.example",
  state: "active",
  sso: { admins: ["bureau@amap-du-plateau.jardin.example"], mfa: "optional" },
  apps: {
    nextcloud: { storageGiB: 20, office: "none" },
  },
});
