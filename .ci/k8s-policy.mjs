// Policy for the rendered Kubernetes manifests (kubectl kustomize infra/k8s/overlays/<name>).
// check(objects, {overlay}) validates every object against its vendored schema (k8s-schema.mjs)
// and applies RULES; it returns failures, it prints nothing. Used by k8s-check.mjs (the CLI)
// and k8s-policy-selftest.mjs (which breaks each rule once and expects it to be caught).
import { parseAllDocuments } from "yaml";
import { validateSchema } from "./k8s-schema.mjs";

// Where each kind keeps its pod template ({metadata, spec}).
const TEMPLATE = {
  Deployment: (o) => o.spec?.template, StatefulSet: (o) => o.spec?.template, DaemonSet: (o) => o.spec?.template,
  ReplicaSet: (o) => o.spec?.template, Job: (o) => o.spec?.template,
  CronJob: (o) => o.spec?.jobTemplate?.spec?.template, Pod: (o) => o,
};
const LONG_RUNNING = new Set(["Deployment", "StatefulSet", "DaemonSet"]);
// Pods of these are made by their operators: we only own the resources in their spec.
const OPERATOR_CRS = new Set(["rabbitmq.com/RabbitmqCluster", "postgresql.cnpg.io/Cluster"]);
const WORKER_MEMORY = 128 * 1024 * 1024; // the worker is sized and tested for 128 MiB (#14)

const sc = (x) => x?.securityContext ?? {};
const missing = (obj, paths) => paths.filter((p) => p.split(".").reduce((o, k) => o?.[k], obj) == null);
const isDeployment = (obj, ...names) => obj.kind === "Deployment" && names.includes(obj.metadata?.name);
const ns = (obj) => obj.metadata?.namespace ?? "";
const emptySelector = (s) => !Object.keys(s?.matchLabels ?? {}).length && !(s?.matchExpressions ?? []).length;
export function selects(selector, labels = {}) {
  if (!selector) return false;
  const ops = { In: (k, v) => v.includes(labels[k]), NotIn: (k, v) => !v.includes(labels[k]), Exists: (k) => k in labels, DoesNotExist: (k) => !(k in labels) };
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v)
    && (selector.matchExpressions ?? []).every((e) => ops[e.operator]?.(e.key, e.values ?? []) ?? false);
}
function bytes(q) {
  if (typeof q === "number") return q;
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(String(q ?? ""));
  const mult = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  return m ? Number(m[1]) * (mult[m[2]] ?? 1) : NaN;
}
function imageTag(image) {
  const [ref, digest] = String(image ?? "").split("@");
  const colon = ref.indexOf(":", ref.lastIndexOf("/") + 1); // a registry's :port is before the last /
  return { tag: colon >= 0 ? ref.slice(colon + 1) : undefined, digest };
}
export const podTemplate = (obj) => TEMPLATE[obj.kind]?.(obj);
// Every pod template in the render: {obj, tmpl, pod}.
const templates = (objects) => objects.filter((o) => TEMPLATE[o.kind]).map((obj) => ({ obj, tmpl: TEMPLATE[obj.kind](obj) ?? {} }))
  .map((t) => ({ ...t, pod: t.tmpl.spec ?? {} }));

// Each rule: id (printed in every failure), what it asks, on = what it is applied to, check =
// returns a failure message (or a list of them; nothing when it passes).
//   container: {obj, pod, c, init, overlay} for every container and initContainer of every pod template
//   pod:       {obj, tmpl, pod, objects} for every pod template
//   object:    {obj, overlay} for every object
//   render:    {objects} once; returns [{obj, message}]
export const RULES = [
  { id: "non-root", on: "container", what: "runAsNonRoot: true (pod or container) and no runAsUser 0",
    check: ({ pod, c }) => [
      (sc(c).runAsNonRoot ?? sc(pod).runAsNonRoot) !== true && "runAsNonRoot is not true (pod or container securityContext)",
      (sc(c).runAsUser === 0 || sc(pod).runAsUser === 0) && "runAsUser is 0",
    ] },
  { id: "read-only-root", on: "container", what: "securityContext.readOnlyRootFilesystem: true",
    check: ({ c }) => sc(c).readOnlyRootFilesystem !== true && "readOnlyRootFilesystem is not true" },
  { id: "no-privilege-escalation", on: "container", what: "allowPrivilegeEscalation: false, not privileged",
    check: ({ c }) => [sc(c).allowPrivilegeEscalation !== false && "allowPrivilegeEscalation is not false", sc(c).privileged === true && "privileged: true"] },
  { id: "drop-all-caps", on: "container", what: "capabilities.drop has ALL, no capabilities.add",
    check: ({ c }) => [!(sc(c).capabilities?.drop ?? []).includes("ALL") && "capabilities.drop does not contain ALL",
      (sc(c).capabilities?.add ?? []).length > 0 && `capabilities.add: ${sc(c).capabilities.add}`] },
  { id: "seccomp", on: "container", what: "seccompProfile.type RuntimeDefault (pod or container)",
    check: ({ pod, c }) => { const t = (sc(c).seccompProfile ?? sc(pod).seccompProfile)?.type; return t !== "RuntimeDefault" && `seccompProfile type is ${t ?? "unset"}, not RuntimeDefault`; } },
  { id: "resources", on: "container", what: "requests.cpu, requests.memory and limits.memory set",
    check: ({ c }) => { const m = missing(c.resources, ["requests.cpu", "requests.memory", "limits.memory"]); return m.length > 0 && `resources missing ${m.join(", ")}`; } },
  { id: "worker-memory", on: "container", what: "Deployment worker, container worker: limits.memory exactly 128Mi",
    check: ({ obj, c, init }) => isDeployment(obj, "worker") && c.name === "worker" && !init && bytes(c.resources?.limits?.memory) !== WORKER_MEMORY
      && `limits.memory is ${c.resources?.limits?.memory ?? "unset"}, must be 128Mi` },
  { id: "probes", on: "container", what: "Deployment/StatefulSet containers have liveness, readiness and startup probes",
    check: ({ obj, c, init }) => { if (!LONG_RUNNING.has(obj.kind) || (init && c.restartPolicy !== "Always")) return;
      const m = ["livenessProbe", "readinessProbe", "startupProbe"].filter((p) => !c[p]); return m.length > 0 && `no ${m.join(", ")}`; } },
  { id: "image-tag", on: "container", what: "image has a tag (or digest), not :latest",
    check: ({ c }) => { const { tag, digest } = imageTag(c.image); return tag === "latest" ? `image ${c.image} uses :latest` : !tag && !digest && `image ${c.image} has no tag`; } },
  { id: "image-digest", on: "container", what: "overlay prod: image pinned by @sha256 digest",
    check: ({ c, overlay }) => overlay === "prod" && !/@sha256:[0-9a-f]{64}$/.test(c.image ?? "") && `image ${c.image} is not pinned by digest (prod)` },
  { id: "termination-grace", on: "pod", what: "Deployment/StatefulSet pods set terminationGracePeriodSeconds",
    check: ({ obj, pod }) => LONG_RUNNING.has(obj.kind) && pod.terminationGracePeriodSeconds == null && "terminationGracePeriodSeconds not set" },
  { id: "no-sa-token", on: "pod", what: "automountServiceAccountToken: false (our apps never call the API server)",
    check: ({ pod }) => pod.automountServiceAccountToken !== false && "automountServiceAccountToken is not false" },
  { id: "topology-spread", on: "pod", what: "Deployments gateway and worker have topologySpreadConstraints",
    check: ({ obj, pod }) => isDeployment(obj, "gateway", "worker") && !(pod.topologySpreadConstraints?.length > 0) && "no topologySpreadConstraints" },
  { id: "netpol-selected", on: "pod", what: "pod template selected by a NetworkPolicy other than the default deny",
    check: ({ obj, tmpl, objects }) => !objects.some((np) => np.kind === "NetworkPolicy" && ns(np) === ns(obj)
      && !emptySelector(np.spec?.podSelector) && selects(np.spec.podSelector, tmpl.metadata?.labels)) && "no NetworkPolicy (besides the default deny) selects its pods" },
  { id: "no-secret-data", on: "object", what: "no Secret with data/stringData in the render (they are made on the cluster)",
    check: ({ obj }) => obj.kind === "Secret" && (obj.data || obj.stringData) && "Secret with data/stringData is committed" },
  { id: "operator-resources", on: "object", what: "RabbitmqCluster / CNPG Cluster: spec.resources requests cpu+memory, limits memory",
    check: ({ obj }) => { if (!OPERATOR_CRS.has(`${String(obj.apiVersion).split("/")[0]}/${obj.kind}`)) return;
      const m = missing(obj.spec?.resources, ["requests.cpu", "requests.memory", "limits.memory"]); return m.length > 0 && `spec.resources missing ${m.join(", ")}`; } },
  { id: "operator-image", on: "object", what: "RabbitmqCluster / CNPG Cluster: image with a version tag (CloudNativePG reads the major version from it); prod: and a digest",
    check: ({ obj, overlay }) => { if (!OPERATOR_CRS.has(`${String(obj.apiVersion).split("/")[0]}/${obj.kind}`)) return;
      const image = obj.spec?.image ?? obj.spec?.imageName; if (!image) return "no image: the operator's default changes with the operator";
      const { tag } = imageTag(image); if (!tag || tag === "latest") return `image ${image} has no version tag`;
      return overlay === "prod" && !/@sha256:[0-9a-f]{64}$/.test(image) && `image ${image} is not pinned by digest (prod)`; } },
  { id: "pdb", on: "render", what: "every Deployment and StatefulSet is selected by a PodDisruptionBudget",
    check: ({ objects }) => templates(objects).filter(({ obj }) => ["Deployment", "StatefulSet"].includes(obj.kind))
      .filter(({ obj, tmpl }) => !objects.some((p) => p.kind === "PodDisruptionBudget" && ns(p) === ns(obj) && selects(p.spec?.selector, tmpl.metadata?.labels)))
      .map(({ obj }) => ({ obj, message: "no PodDisruptionBudget selects its pods" })) },
  { id: "default-deny", on: "render", what: "each namespace with pods has a default-deny NetworkPolicy (podSelector {}, Ingress, no rules)",
    check: ({ objects }) => [...new Set(templates(objects).map(({ obj }) => ns(obj)))]
      .filter((n) => !objects.some((np) => np.kind === "NetworkPolicy" && ns(np) === n && emptySelector(np.spec?.podSelector)
        && (np.spec?.policyTypes ?? []).includes("Ingress") && !np.spec?.ingress?.length
        && (!(np.spec?.policyTypes ?? []).includes("Egress") || !np.spec?.egress?.length)))
      .map((n) => ({ obj: { kind: "Namespace", metadata: { name: n || "(unset)" } }, message: `no default-deny NetworkPolicy (empty podSelector, policyTypes Ingress, no rules)${n ? "" : " for the pods rendered without metadata.namespace"}` })) },
  { id: "named-workloads", on: "render", what: "Deployments gateway and worker exist (worker-memory and topology-spread name them)",
    check: ({ objects }) => ["gateway", "worker"].filter((n) => !objects.some((o) => isDeployment(o, n)))
      .map((n) => ({ obj: { kind: "Deployment", metadata: { name: n } }, message: "not in the render" })) },
];

// The container (name) a schema error's path points into, if any.
function containerAt(obj, path) {
  const m = /^(.*\/(?:initContainers|containers)\/\d+)(\/|$)/.exec(path);
  return m ? m[1].split("/").slice(1).reduce((o, k) => o?.[k], obj)?.name : undefined;
}

// Returns [{kind, name, container?, rule, message}].
export function check(objects, { overlay } = {}) {
  const failures = [];
  const add = (obj, rule, result, container) => {
    for (const message of [result].flat().filter(Boolean))
      failures.push({ kind: obj.kind ?? "(no kind)", name: obj.metadata?.name ?? "(no name)", ...(container !== undefined && { container }), rule, message });
  };
  const run = (rule, obj, args, container) => {
    try { add(obj, rule.id, rule.check(args), container); } catch (e) { add(obj, rule.id, `rule crashed on this object: ${e.message}`, container); }
  };
  for (const obj of objects) for (const { path, message } of validateSchema(obj)) add(obj, "schema", message, containerAt(obj, path));
  for (const rule of RULES) {
    if (rule.on === "object") for (const obj of objects) run(rule, obj, { obj, overlay });
    if (rule.on === "pod") for (const t of templates(objects)) run(rule, t.obj, { ...t, objects });
    if (rule.on === "container") for (const { obj, pod } of templates(objects))
      for (const [list, init] of [[pod.initContainers, true], [pod.containers, false]])
        for (const c of list ?? []) run(rule, obj, { obj, pod, c, init, overlay }, c.name ?? "(no name)");
    if (rule.on === "render") {
      try { for (const { obj, message } of rule.check({ objects })) add(obj, rule.id, message); }
      catch (e) { add({ kind: "(render)" }, rule.id, `rule crashed: ${e.message}`); }
    }
  }
  return failures;
}

export const formatFailure = (f) => `FAIL ${f.kind}/${f.name}${f.container !== undefined ? ` container ${f.container}` : ""}: ${f.rule}: ${f.message}`;

export function parseStream(text) {
  const docs = parseAllDocuments(text);
  const bad = docs.flatMap((d) => d.errors.map((e) => e.message));
  if (bad.length) throw new Error(`YAML: ${bad.join("; ")}`);
  // kustomize separates with ---; an empty document is not an object
  return docs.map((d) => d.toJS()).filter((o) => o != null);
}
