/** The standard app.kubernetes.io labels plus slipway's ownership labels, and the selector subset. */
import { NAME_LABEL } from '../k8s/object.js';
import { labelValue, ownerLabels } from '../model/ownership.js';

export { labelValue };

export interface LabelContext {
  stack: string;
  environment: string;
}

/** Selector labels: stable for the life of a component (selectors are immutable on workloads). */
export function selectorLabels(ctx: LabelContext, component: string): Record<string, string> {
  return { 'app.kubernetes.io/instance': ctx.stack, [NAME_LABEL]: component };
}

export function componentLabels(ctx: LabelContext, component: string, role: string, image?: string): Record<string, string> {
  const version = image ? imageTag(image) : undefined;
  return {
    ...selectorLabels(ctx, component),
    'app.kubernetes.io/component': role,
    ...ownerLabels(ctx),
    ...(version ? { 'app.kubernetes.io/version': labelValue(version) } : {}),
  };
}

/** Tag of an image reference (digest wins), or 'latest' when none is given. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1).replace(/^sha256:/, '').slice(0, 12);
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon >= 0 ? image.slice(colon + 1) : 'latest';
}
