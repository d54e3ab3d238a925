// Self-test of the Kubernetes policy (k8s-policy.mjs) on the real prod render: the unmodified
// render must pass, and for each rule a copy with exactly that rule broken on one object must
// fail naming that object and rule (and nothing else new). Proves no rule passes vacuously.
//   node .ci/k8s-policy-selftest.mjs <kubectl kustomize infra/k8s/overlays/prod output>
import { readFileSync } from "node:fs";
import { check, formatFailure, parseStream, podTemplate, RULES, selects } from "./k8s-policy.mjs";

const objects = parseStream(readFileSync(process.argv[2] ?? 0, "utf8"));
const overlay = "prod";
const DIGEST = "@sha256:" + "0".repeat(64);

const find = (objs, kind, name) => {
  const o = objs.find((x) => x.kind === kind && (name === undefined || x.metadata?.name === name));
  if (!o) throw new Error(`the render has no ${kind}${name ? `/${name}` : ""} to break`);
  return o;
};
const pod = (o) => podTemplate(o).spec;
const ctr = (o, name) => pod(o).containers.find((c) => c.name === name) ?? pod(o).containers[0];
const sc = (c) => (c.securityContext ??= {});
const remove = (objs, pred) => { const n = objs.length; objs.splice(0, n, ...objs.filter((o) => !pred(o))); if (objs.length === n) throw new Error("nothing to remove"); };
const isDefaultDeny = (np) => !Object.keys(np.spec?.podSelector?.matchLabels ?? {}).length && !(np.spec?.podSelector?.matchExpressions ?? []).length;
const selectsPods = (selector, o) => selects(selector, podTemplate(o).metadata?.labels);

// [rule, target "Kind/name", container or null, what is broken, mutate(objs), other rules the break may also trip]
const CASES = [
  ["non-root", "Deployment/worker", "worker", "container runAsNonRoot: false", (o) => { sc(ctr(find(o, "Deployment", "worker"), "worker")).runAsNonRoot = false; }],
  ["non-root", "Deployment/gateway", "gateway", "pod runAsUser: 0", (o) => { (pod(find(o, "Deployment", "gateway")).securityContext ??= {}).runAsUser = 0; }],
  ["read-only-root", "Deployment/worker", "worker", "readOnlyRootFilesystem deleted", (o) => { delete sc(ctr(find(o, "Deployment", "worker"), "worker")).readOnlyRootFilesystem; }],
  ["read-only-root", "CronJob/janitor", "janitor", "readOnlyRootFilesystem deleted in the CronJob's jobTemplate", (o) => { delete sc(ctr(find(o, "CronJob", "janitor"), "janitor")).readOnlyRootFilesystem; }],
  ["no-privilege-escalation", "Deployment/gateway", "gateway", "allowPrivilegeEscalation: true", (o) => { sc(ctr(find(o, "Deployment", "gateway"), "gateway")).allowPrivilegeEscalation = true; }],
  ["drop-all-caps", "Deployment/worker", "worker", "capabilities.drop removed", (o) => { delete sc(ctr(find(o, "Deployment", "worker"), "worker")).capabilities?.drop; }],
  ["drop-all-caps", "Deployment/gateway", "gateway", "capabilities.add [NET_RAW]", (o) => { (sc(ctr(find(o, "Deployment", "gateway"), "gateway")).capabilities ??= {}).add = ["NET_RAW"]; }],
  ["seccomp", "Deployment/worker", "worker", "container seccompProfile Unconfined", (o) => { sc(ctr(find(o, "Deployment", "worker"), "worker")).seccompProfile = { type: "Unconfined" }; }],
  ["resources", "Deployment/gateway", "gateway", "requests.cpu deleted", (o) => { delete ctr(find(o, "Deployment", "gateway"), "gateway").resources.requests.cpu; }],
  ["worker-memory", "Deployment/worker", "worker", "limits.memory 256Mi", (o) => { ctr(find(o, "Deployment", "worker"), "worker").resources.limits.memory = "256Mi"; }],
  ["probes", "Deployment/gateway", "gateway", "startupProbe dropped", (o) => { delete ctr(find(o, "Deployment", "gateway"), "gateway").startupProbe; }],
  ["termination-grace", "Deployment/worker", null, "terminationGracePeriodSeconds deleted", (o) => { delete pod(find(o, "Deployment", "worker")).terminationGracePeriodSeconds; }],
  ["image-tag", "Deployment/gateway", "gateway", "image :latest (still digest-pinned)", (o) => { const c = ctr(find(o, "Deployment", "gateway"), "gateway"); c.image = c.image.replace(/(:[^/@]+)?(@.*)?$/, ":latest" + DIGEST); }],
  ["image-tag", "Deployment/worker", "worker", "image without tag or digest", (o) => { const c = ctr(find(o, "Deployment", "worker"), "worker"); c.image = c.image.replace(/(:[^/@]+)?(@.*)?$/, ""); }, ["image-digest"]],
  ["image-digest", "Deployment/worker", "worker", "digest removed from the image (tag kept)", (o) => { const c = ctr(find(o, "Deployment", "worker"), "worker"); c.image = c.image.replace(/(:[^/@]+)?(@.*)?$/, ":0.1.0"); }],
  ["no-secret-data", "Secret/qr-storage", null, "a Secret with data added", (o) => { o.push({ apiVersion: "v1", kind: "Secret", metadata: { name: "qr-storage", namespace: find(o, "Deployment", "worker").metadata.namespace }, data: { "access-key": "bWluaW8=" } }); }],
  ["pdb", "Deployment/worker", null, "the worker's PodDisruptionBudget deleted", (o) => { const w = find(o, "Deployment", "worker"); remove(o, (x) => x.kind === "PodDisruptionBudget" && selectsPods(x.spec?.selector, w)); }],
  ["topology-spread", "Deployment/gateway", null, "topologySpreadConstraints deleted", (o) => { delete pod(find(o, "Deployment", "gateway")).topologySpreadConstraints; }],
  ["default-deny", `Namespace/${objects.find((x) => x.kind === "Deployment")?.metadata?.namespace ?? "(unset)"}`, null, "default-deny NetworkPolicy deleted", (o) => { remove(o, (x) => x.kind === "NetworkPolicy" && isDefaultDeny(x)); }],
  ["netpol-selected", "Deployment/worker", null, "NetworkPolicies selecting the worker deleted", (o) => { const w = find(o, "Deployment", "worker"); remove(o, (x) => x.kind === "NetworkPolicy" && !isDefaultDeny(x) && selectsPods(x.spec?.podSelector, w)); }],
  ["no-sa-token", "Deployment/worker", null, "automountServiceAccountToken: true", (o) => { pod(find(o, "Deployment", "worker")).automountServiceAccountToken = true; }],
  ["operator-resources", "RabbitmqCluster", null, "spec.resources.limits deleted", (o) => { delete find(o, "RabbitmqCluster").spec.resources.limits; }],
  ["operator-resources", "Cluster", null, "CNPG spec.resources.requests deleted", (o) => { delete find(o, "Cluster").spec.resources.requests; }],
  ["operator-image", "Cluster", null, "CNPG imageName by digest alone (no tag)", (o) => { const c = find(o, "Cluster"); c.spec.imageName = c.spec.imageName.replace(/:[^/@]+@/, "@"); }],
  ["operator-image", "RabbitmqCluster", null, "RabbitmqCluster image without digest (prod)", (o) => { const c = find(o, "RabbitmqCluster"); c.spec.image = c.spec.image.replace(/@.*$/, ""); }],
  ["named-workloads", "Deployment/gateway", null, "Deployment gateway renamed", (o) => { find(o, "Deployment", "gateway").metadata.name = "api"; }],
  ["schema", "Deployment/worker", "worker", "readOnlyRootFileSystem (misspelt)", (o) => { const s = sc(ctr(find(o, "Deployment", "worker"), "worker")); s.readOnlyRootFileSystem = s.readOnlyRootFilesystem; delete s.readOnlyRootFilesystem; }, ["read-only-root"]],
  ["schema", "Deployment/gateway", "gateway", "env value a number", (o) => { (ctr(find(o, "Deployment", "gateway"), "gateway").env ??= []).push({ name: "X", value: 8080 }); }],
  ["schema", "Widget/w", null, "an unknown kind", (o) => { o.push({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }); }],
  ["schema", "RabbitmqCluster", null, "unknown field spec.replica", (o) => { find(o, "RabbitmqCluster").spec.replica = 3; }],
  ["schema", "ScaledObject", null, "minReplicaCount a string", (o) => { find(o, "ScaledObject").spec.minReplicaCount = "2"; }],
];

let passed = 0, failed = 0;
const result = (ok, what, detail = []) => {
  ok ? passed++ : failed++;
  console.log(`  ${ok ? "ok  " : "FAIL"}  ${what}`);
  if (!ok) for (const line of detail.slice(0, 10)) console.log(`        ${line}`);
};

const baseline = check(objects, { overlay }).map(formatFailure);
result(baseline.length === 0, `unmodified prod render passes (${objects.length} objects)`, baseline);
const known = new Set(baseline);

for (const [rule, target, container, what, mutate, also = []] of CASES) {
  const label = `${rule}: ${target}${container ? ` container ${container}` : ""}: ${what}`;
  const copy = structuredClone(objects);
  try { mutate(copy); } catch (e) { result(false, label, [e.message]); continue; }
  // compare with the unmodified render so a bug in the manifests does not hide or fake a catch
  const fresh = check(copy, { overlay }).filter((f) => !known.has(formatFailure(f)));
  const [kind, name] = target.split("/");
  const caught = fresh.some((f) => f.rule === rule && f.kind === kind && (name === undefined || f.name === name) && (!container || f.container === container));
  const stray = fresh.filter((f) => f.rule !== rule && !also.includes(f.rule));
  result(caught && stray.length === 0, label, [caught ? "caught, but other rules failed too:" : "not caught; new failures:", ...fresh.map(formatFailure)]);
}
// every rule in the table has at least one case above
const untested = RULES.map((r) => r.id).filter((id) => !CASES.some(([rule]) => rule === id));
result(untested.length === 0, "every rule in RULES has a case", untested);

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
