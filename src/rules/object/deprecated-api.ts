import type { ObjectRule } from '../rule.js';

/** apiVersion/kind → [the release that removed it, its replacement]. */
const REMOVED: Readonly<Record<string, readonly [string, string]>> = {
  'extensions/v1beta1/Deployment': ['1.16', 'apps/v1'],
  'extensions/v1beta1/DaemonSet': ['1.16', 'apps/v1'],
  'extensions/v1beta1/ReplicaSet': ['1.16', 'apps/v1'],
  'extensions/v1beta1/NetworkPolicy': ['1.16', 'networking.k8s.io/v1'],
  'extensions/v1beta1/PodSecurityPolicy': ['1.16', 'nothing (Pod Security admission)'],
  'extensions/v1beta1/Ingress': ['1.22', 'networking.k8s.io/v1'],
  'apps/v1beta1/Deployment': ['1.16', 'apps/v1'],
  'apps/v1beta1/StatefulSet': ['1.16', 'apps/v1'],
  'apps/v1beta2/Deployment': ['1.16', 'apps/v1'],
  'apps/v1beta2/StatefulSet': ['1.16', 'apps/v1'],
  'apps/v1beta2/DaemonSet': ['1.16', 'apps/v1'],
  'apps/v1beta2/ReplicaSet': ['1.16', 'apps/v1'],
  'networking.k8s.io/v1beta1/Ingress': ['1.22', 'networking.k8s.io/v1'],
  'networking.k8s.io/v1beta1/IngressClass': ['1.22', 'networking.k8s.io/v1'],
  'rbac.authorization.k8s.io/v1beta1/Role': ['1.22', 'rbac.authorization.k8s.io/v1'],
  'rbac.authorization.k8s.io/v1beta1/RoleBinding': ['1.22', 'rbac.authorization.k8s.io/v1'],
  'rbac.authorization.k8s.io/v1beta1/ClusterRole': ['1.22', 'rbac.authorization.k8s.io/v1'],
  'rbac.authorization.k8s.io/v1beta1/ClusterRoleBinding': ['1.22', 'rbac.authorization.k8s.io/v1'],
  'apiextensions.k8s.io/v1beta1/CustomResourceDefinition': ['1.22', 'apiextensions.k8s.io/v1'],
  'admissionregistration.k8s.io/v1beta1/ValidatingWebhookConfiguration': ['1.22', 'admissionregistration.k8s.io/v1'],
  'admissionregistration.k8s.io/v1beta1/MutatingWebhookConfiguration': ['1.22', 'admissionregistration.k8s.io/v1'],
  'scheduling.k8s.io/v1beta1/PriorityClass': ['1.22', 'scheduling.k8s.io/v1'],
  'storage.k8s.io/v1beta1/StorageClass': ['1.22', 'storage.k8s.io/v1'],
  'batch/v1beta1/CronJob': ['1.25', 'batch/v1'],
  'policy/v1beta1/PodDisruptionBudget': ['1.25', 'policy/v1'],
  'policy/v1beta1/PodSecurityPolicy': ['1.25', 'nothing (Pod Security admission)'],
  'discovery.k8s.io/v1beta1/EndpointSlice': ['1.25', 'discovery.k8s.io/v1'],
  'autoscaling/v2beta1/HorizontalPodAutoscaler': ['1.25', 'autoscaling/v2'],
  'autoscaling/v2beta2/HorizontalPodAutoscaler': ['1.26', 'autoscaling/v2'],
  'flowcontrol.apiserver.k8s.io/v1beta2/FlowSchema': ['1.29', 'flowcontrol.apiserver.k8s.io/v1'],
  'flowcontrol.apiserver.k8s.io/v1beta2/PriorityLevelConfiguration': ['1.29', 'flowcontrol.apiserver.k8s.io/v1'],
};

export const deprecatedApi: ObjectRule = {
  meta: {
    id: 'deprecated-api',
    description: 'An object uses an API version that Kubernetes has removed: the API server refuses it',
    remediation: 'move the object to the API version named in the finding (field names may have changed too)',
    severity: 'error',
  },
  subject: 'object',
  check: (ix) =>
    ix.all.flatMap((o) => {
      const removed = REMOVED[`${o.apiVersion}/${o.kind}`];
      return removed ? [{ object: o, message: `${o.apiVersion} ${o.kind} was removed in Kubernetes ${removed[0]}; use ${removed[1]}`, field: 'apiVersion' }] : [];
    }),
};
