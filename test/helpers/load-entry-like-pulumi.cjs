// Loads Pulumi.yaml's `main` the way Pulumi's Node.js language host does for a TypeScript project:
// ts-node registered with the project's tsconfig (type-checking, as by default), then require().
// Resources go to Pulumi's mocks; prints the registered types and the stack outputs as JSON.
const path = require("node:path");
const fs = require("node:fs");
const root = process.argv[2];
const main = /^main:\s*(\S+)/m.exec(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"))[1];
process.chdir(root);
require(path.join(root, "node_modules/ts-node")).register({ project: path.join(root, "tsconfig.json"), compilerOptions: {} });
const pulumi = require(path.join(root, "node_modules/@pulumi/pulumi"));
const secrets = ["jardin:kubeconfig-louise-michel", "jardin:kubeconfig-ada-lovelace"];
pulumi.runtime.setAllConfig(Object.fromEntries(secrets.map((k) => [k, "kubeconfig"])), secrets);
const types = [];
pulumi.runtime
  .setMocks({ newResource: (a) => (types.push(a.type), { id: a.name, state: a.inputs }), call: (a) => a.inputs }, "jardin", "prod", true)
  .then(async () => {
    const outputs = await require(path.join(root, main));
    await pulumi.runtime.disconnect();
    console.log(JSON.stringify({ types: types.sort(), clusters: outputs.clusters, tenants: Object.keys(outputs.tenants) }));
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
