#!/usr/bin/env node
// Finishes the Argo CD CRDs controller-gen generated from Argo CD's Go types (scripts/argocd-crds runs it) the
// way Argo CD's own hack/gen-crd-spec/main.go does, then checks the result against the CRDs the same module
// ships (manifests/crds/, Argo CD's committed output of that program): a mismatch fails, so what the tests
// install is what Argo CD itself would generate from those types.
//
// The finishing steps are gen-crd-spec's (not ours to choose):
//   - ApplicationSet loses every description (the CRD is otherwise too large to apply);
//   - labels app.kubernetes.io/name=<crd name>, app.kubernetes.io/part-of=argocd; no controller-gen annotation;
//     scope Namespaced.
// gen-crd-spec also means to drop the validation of metadata.creationTimestamp and of AppProject's status, but
// its paths contain "versions[*]", which unstructured.RemoveNestedField takes literally: both are no-ops, and
// the shipped CRDs keep both, so neither is done here.
// Running gen-crd-spec itself would compile half of Kubernetes' client libraries (15 minutes here) for these
// few map edits.
//
// usage: node scripts/argocd-crds.mjs <controller-gen output.yaml> <module manifests/crds dir> <out dir>
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';

const [raw, shippedDir, outDir] = process.argv.slice(2);
if (!raw || !shippedDir || !outDir) {
  process.stderr.write('usage: argocd-crds.mjs <controller-gen output.yaml> <module manifests/crds dir> <out dir>\n');
  process.exit(2);
}

const FILES = {
  'applications.argoproj.io': 'application-crd.yaml',
  'applicationsets.argoproj.io': 'applicationset-crd.yaml',
  'appprojects.argoproj.io': 'appproject-crd.yaml',
};

function removeDescriptions(v) {
  if (Array.isArray(v)) v.forEach(removeDescriptions);
  else if (v && typeof v === 'object') {
    if (typeof v.description === 'string') delete v.description;
    Object.values(v).forEach(removeDescriptions);
  }
}

const docs = YAML.parseAllDocuments(fs.readFileSync(raw, 'utf8')).map((d) => d.toJS()).filter(Boolean);
const out = new Map();
for (const crd of docs) {
  const name = crd.metadata.name;
  if (!FILES[name]) continue;
  if (name === 'applicationsets.argoproj.io') removeDescriptions(crd);
  crd.metadata.labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'argocd' };
  delete crd.metadata.annotations?.['controller-gen.kubebuilder.io/version'];
  if (crd.metadata.annotations && !Object.keys(crd.metadata.annotations).length) delete crd.metadata.annotations;
  delete crd.metadata.creationTimestamp;
  delete crd.status;
  crd.spec.scope = 'Namespaced';
  out.set(name, crd);
}

let failed = false;
for (const [name, file] of Object.entries(FILES)) {
  const crd = out.get(name);
  if (!crd) {
    process.stderr.write(`controller-gen produced no ${name}\n`);
    failed = true;
    continue;
  }
  const shipped = YAML.parse(fs.readFileSync(path.join(shippedDir, file), 'utf8'));
  if (!isDeepStrictEqual(crd, shipped)) {
    process.stderr.write(`${name}: the generated CRD differs from the module's ${file}\n`);
    failed = true;
  }
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, file), YAML.stringify(crd, { lineWidth: 0 }));
}
if (failed) process.exit(1);
process.stderr.write(`generated ${Object.keys(FILES).length} CRDs, each equal to the module's manifests/crds\n`);
