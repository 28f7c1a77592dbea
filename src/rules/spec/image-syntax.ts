/**
 * Image references in the grammar of github.com/distribution/reference: [registry[:port]/]path[:tag][@digest],
 * path components lowercase. The API server checks none of this for a workload (only surrounding whitespace, on
 * pods); a bad reference is found by the kubelet as InvalidImageName, so it is a warning here.
 */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);
export const TAG_PATTERN = new RegExp(`^${TAG}$`);

/** Why `image` would not pull, or undefined when it is a well-formed reference. */
export function imageProblem(image: string): string | undefined {
  if (image.includes('${')) return 'contains "${", which no image name may hold';
  if (/\s/.test(image)) return 'contains whitespace';
  if (REFERENCE.test(image)) {
    const name = image.split('@')[0]!.replace(/:[^/]*$/, '');
    return name.length > 255 ? 'has a repository name over 255 characters' : undefined;
  }
  if (/:(@|$)/.test(image)) return 'has an empty tag after ":"';
  if (/@$/.test(image)) return 'has an empty digest after "@"';
  const slash = image.indexOf('/');
  const path = slash >= 0 && /[.:]|^localhost$/.test(image.slice(0, slash)) ? image.slice(slash + 1) : image;
  if (/[A-Z]/.test(path.split(/[:@]/)[0]!)) return 'has upper-case letters in its repository (only the registry host may have them)';
  return 'is not a valid image reference ([registry/]repository[:tag][@digest])';
}
