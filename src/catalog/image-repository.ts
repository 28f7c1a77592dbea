/** The repository path of an image reference, which is what recognising an image looks at. */

/** The repository path of an image reference: no registry host, tag or digest. */
export function repositoryOf(image: string): string {
  const noDigest = image.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const noTag = colon > slash ? noDigest.slice(0, colon) : noDigest;
  const parts = noTag.split('/');
  // A first segment with a dot or port, or "localhost", is a registry host.
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) parts.shift();
  return parts.join('/');
}

/** Lowercase repository path without Docker Hub's `library/` prefix: `registry.local/library/Postgres:17` → `postgres`. */
export function officialName(image: string): string {
  return repositoryOf(image).toLowerCase().replace(/^library\//, '');
}
