/**
 * A stack feature adds objects once per namespace rather than per component (a default-deny NetworkPolicy).
 * Adding one is a file here and one line in STACK_FEATURES; generate.ts needs no change.
 */
import type { K8sObject } from '../../k8s/object.js';
import type { GenerateContext } from '../context.js';

export interface StackFeature {
  /**
   * Its objects' provenance is the stack itself, like the Namespace's: they follow from the profile as often as
   * from a key written in the file.
   */
  readonly name: string;
  applies(ctx: GenerateContext): boolean;
  objects(ctx: GenerateContext): K8sObject[];
}
