// Checks a rendered manifest stream (`kubectl kustomize infra/k8s/overlays/<name>`) against the
// vendored schemas and the policy in k8s-policy.mjs. Offline; no cluster needed.
//   kubectl kustomize infra/k8s/overlays/prod | node .ci/k8s-check.mjs --overlay prod [-]
//   node .ci/k8s-check.mjs --overlay dev rendered.yaml
// Prints one FAIL line per failure and "N objects, N failed"; exits 1 on any failure, 2 on bad input.
import { readFileSync } from "node:fs";
import { check, formatFailure, parseStream } from "./k8s-policy.mjs";

const args = process.argv.slice(2);
const oi = args.indexOf("--overlay");
const overlay = oi >= 0 ? args.splice(oi, 2)[1] : undefined;
if (!overlay || args.length > 1) {
  console.error("usage: k8s-check.mjs --overlay <name> [file|-]");
  process.exit(2);
}
let objects;
try {
  objects = parseStream(readFileSync(args[0] && args[0] !== "-" ? args[0] : 0, "utf8"));
} catch (e) {
  console.error(`k8s-check: ${e.message}`);
  process.exit(2);
}
if (objects.length === 0) {
  console.error("k8s-check: no objects in the input");
  process.exit(2);
}
const failures = check(objects, { overlay });
for (const f of failures) console.log(formatFailure(f));
const failed = new Set(failures.map((f) => `${f.kind}/${f.name}`)).size;
console.log(`${objects.length} objects, ${failed} failed (overlay ${overlay}, ${failures.length} failures)`);
process.exit(failures.length ? 1 : 0);
