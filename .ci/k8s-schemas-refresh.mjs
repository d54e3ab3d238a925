// Regenerates the vendored schemas in infra/k8s/schemas/ (see its README.md). Offline: it reads
// an unpacked npm package or CRD files you have already downloaded.
//   node .ci/k8s-schemas-refresh.mjs core <unpacked @kubernetes/client-node package dir>
//   node .ci/k8s-schemas-refresh.mjs crd <crd.yaml>... [--source "<repo tag>"]
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const out = join(dirname(fileURLToPath(import.meta.url)), "../infra/k8s/schemas");

// The core kinds we vendor (a closure of their definitions is kept, not all ~900 models).
const KINDS = {
  "v1/Namespace": "V1Namespace", "v1/ServiceAccount": "V1ServiceAccount", "v1/ConfigMap": "V1ConfigMap",
  "v1/Secret": "V1Secret", "v1/Service": "V1Service", "v1/Pod": "V1Pod",
  "v1/PersistentVolumeClaim": "V1PersistentVolumeClaim", "v1/LimitRange": "V1LimitRange",
  "v1/ResourceQuota": "V1ResourceQuota",
  "apps/v1/Deployment": "V1Deployment", "apps/v1/StatefulSet": "V1StatefulSet", "apps/v1/DaemonSet": "V1DaemonSet",
  "batch/v1/Job": "V1Job", "batch/v1/CronJob": "V1CronJob",
  "networking.k8s.io/v1/NetworkPolicy": "V1NetworkPolicy", "networking.k8s.io/v1/Ingress": "V1Ingress",
  "networking.k8s.io/v1/IngressClass": "V1IngressClass",
  "policy/v1/PodDisruptionBudget": "V1PodDisruptionBudget",
  "autoscaling/v2/HorizontalPodAutoscaler": "V2HorizontalPodAutoscaler",
  "rbac.authorization.k8s.io/v1/Role": "V1Role", "rbac.authorization.k8s.io/v1/RoleBinding": "V1RoleBinding",
  "scheduling.k8s.io/v1/PriorityClass": "V1PriorityClass",
};

// The client's models type resource.Quantity as plain string; the API also takes a number
// (memory: 134217728). These are the Quantity fields (maps or scalars) of the kept models.
const QUANTITY = {
  V1ResourceRequirements: ["limits", "requests"], V1VolumeResourceRequirements: ["limits", "requests"],
  V1EmptyDirVolumeSource: ["sizeLimit"], V1ResourceFieldSelector: ["divisor"],
  V2MetricTarget: ["averageValue", "value"], V2MetricValueStatus: ["averageValue", "value"],
  V1LimitRangeItem: ["default", "defaultRequest", "max", "maxLimitRequestRatio", "min"],
  V1ResourceQuotaSpec: ["hard"], V1ResourceQuotaStatus: ["hard", "used"], V1PodSpec: ["overhead"],
  V1PersistentVolumeClaimStatus: ["allocatedResources", "capacity"], V1ContainerStatus: ["allocatedResources"],
};
const quantity = { anyOf: [{ type: "string", pattern: "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?(\\d+(\\.\\d*)?|\\.\\d+))?$" }, { type: "number" }] };

function core(pkgDir) {
  const models = join(pkgDir, "dist/gen/models");
  const { version } = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const definitions = {};
  const typeOf = (t, fmt) => {
    let m;
    if ((m = t.match(/^Array<(.+)>$/))) return { type: "array", items: typeOf(m[1], "") };
    if ((m = t.match(/^\{ \[key: string\]: (.+); \}$/))) return { type: "object", additionalProperties: typeOf(m[1], "") };
    if (t === "string" || t === "Date") return { type: "string" };
    if (t === "boolean") return { type: "boolean" };
    if (t === "number") return { type: fmt === "double" ? "number" : "integer" };
    if (t === "IntOrString") return { type: ["integer", "string"] };
    if (t === "any" || t === "object") return {};
    if (/^[A-Z]\w+$/.test(t)) { load(t); return { $ref: `#/definitions/${t}` }; }
    throw new Error(`unknown client type ${t}`);
  };
  const load = (name) => {
    if (definitions[name]) return;
    definitions[name] = {}; // placeholder against cycles (JSONSchemaProps)
    const js = readFileSync(join(models, `${name}.js`), "utf8");
    const dts = readFileSync(join(models, `${name}.d.ts`), "utf8");
    const attrs = [...js.matchAll(/"baseName": "([^"]+)",\s*"type": "([^"]+)",\s*"format": "([^"]*)"/g)];
    const required = [...dts.matchAll(/^\s+'(\w+)': /gm)].map((m) => m[1]);
    const properties = {};
    for (const [, prop, type, fmt] of attrs) properties[prop] = typeOf(type, fmt);
    for (const prop of QUANTITY[name] ?? []) {
      const p = properties[prop];
      if (p?.type === "string") properties[prop] = quantity;
      else if (p?.additionalProperties?.type === "string") p.additionalProperties = quantity;
      else throw new Error(`QUANTITY: ${name}.${prop} is not a string field upstream any more`);
    }
    definitions[name] = { type: "object", properties, additionalProperties: false, ...(required.length && { required }) };
  };
  const kinds = {};
  for (const [key, model] of Object.entries(KINDS)) {
    load(model);
    const [kind, ...av] = key.split("/").reverse();
    const apiVersion = av.reverse().join("/");
    // apiVersion/kind pinned so a kind is only ever checked against its own schema
    kinds[key] = { allOf: [{ $ref: `#/definitions/${model}` },
      { properties: { apiVersion: { const: apiVersion }, kind: { const: kind } }, required: ["apiVersion", "kind", "metadata"] }] };
  }
  for (const name of Object.keys(QUANTITY)) if (!definitions[name]) load(name); // keep the table honest
  const file = join(out, "kubernetes-1.32.json");
  writeFileSync(file, JSON.stringify({
    $comment: `Generated by .ci/k8s-schemas-refresh.mjs from @kubernetes/client-node ${version} models (Kubernetes 1.32)`,
    kinds, definitions: Object.fromEntries(Object.entries(definitions).sort()),
  }, null, 1) + "\n");
  console.log(`${file}: ${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions`);
}

// CRD openAPIV3Schema, descriptions and status dropped (never in a manifest); kept otherwise as upstream.
function crd(files, source) {
  const strip = (s) => {
    if (Array.isArray(s)) return s.map(strip);
    if (!s || typeof s !== "object") return s;
    return Object.fromEntries(Object.entries(s).filter(([k]) => k !== "description").map(([k, v]) => [k, k === "properties" || k === "definitions" ? Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, strip(ps)])) : strip(v)]));
  };
  for (const f of files) {
    for (const doc of parseAllDocuments(readFileSync(f, "utf8")).map((d) => d.toJS())) {
      if (doc?.kind !== "CustomResourceDefinition") continue;
      const { group, names: { kind } } = doc.spec;
      for (const v of doc.spec.versions.filter((v) => v.served)) {
        const schema = strip(v.schema.openAPIV3Schema);
        delete schema.properties?.status;
        const name = `${group}_${v.name}_${kind}.json`;
        writeFileSync(join(out, name), JSON.stringify({ $comment: `openAPIV3Schema of ${doc.metadata.name} ${v.name}${source ? ` from ${source}` : ""}, descriptions and status removed by .ci/k8s-schemas-refresh.mjs`, ...schema }, null, 1) + "\n");
        console.log(`${join(out, name)}`);
      }
    }
  }
}

const [mode, ...args] = process.argv.slice(2);
const si = args.indexOf("--source");
const source = si >= 0 ? args.splice(si, 2)[1] : undefined;
if (mode === "core" && args.length === 1) core(args[0]);
else if (mode === "crd" && args.length) crd(args, source);
else { console.error("usage: k8s-schemas-refresh.mjs core <client-node dir> | crd <crd.yaml>... [--source <repo@tag>]"); process.exit(2); }
