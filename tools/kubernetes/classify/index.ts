// The Kubernetes classifier's public surface: facts schema, the pure classifier, and the readers
// execution reuses so that what runs is exactly what was classified.
export { KubernetesFactsSchema, KubernetesObjectFactsSchema, type KubernetesFacts, type KubernetesObjectFacts, type K8sVerb } from './facts-schema.ts';
export { classifyKubernetesCall } from './classify.ts';
export { readManifest, type Manifest, type ManifestObject } from './manifest.ts';
export { execCommand } from './exec-command.ts';
export { parseResourceRef, resolveRef, type ResourceRef, type ResolvedRef } from './resource-ref.ts';
export { builtinResource, findBuiltinKind } from './builtin-kinds.ts';
