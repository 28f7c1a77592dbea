/** Quantities live with the other Kubernetes facts (k8s/quantity.ts); rules import them from here too. */
export { compareQuantity, parseQuantity, type Quantity } from '../../k8s/quantity.js';
