/** The standard app.kubernetes.io labels plus slipway's own, and the selector subset. */

export interface LabelContext {
  stack: string;
  environment: string;
}

/** Label values must be ≤63 chars of [A-Za-z0-9._-], starting and ending alphanumeric. */
export function labelValue(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/** Selector labels: stable for the life of a component (selectors are immutable on workloads). */
export function selectorLabels(ctx: LabelContext, component: string): Record<string, string> {
  return { 'app.kubernetes.io/instance': ctx.stack, 'app.kubernetes.io/name': component };
}

export function componentLabels(ctx: LabelContext, component: string, role: string, image?: string): Record<string, string> {
  const version = image ? imageTag(image) : undefined;
  return {
    ...selectorLabels(ctx, component),
    'app.kubernetes.io/component': role,
    'app.kubernetes.io/managed-by': 'slipway',
    'app.kubernetes.io/part-of': ctx.stack,
    ...(version ? { 'app.kubernetes.io/version': labelValue(version) } : {}),
    'slipway.dev/environment': labelValue(ctx.environment),
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
