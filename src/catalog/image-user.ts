/**
 * Which user an official image's tag variant runs as. Variants of one repository do not share a UID: the
 * Alpine builds of postgres (70) and redis (GID 1000) differ from the Debian ones (999). The StatefulSet must
 * run as the image's own user (runAsNonRoot needs a numeric UID, and the data files on the volume belong to
 * it), so an entry lists its variants and slipway either renders the right UID or refuses the tag.
 */
import type { CatalogEntry } from './contract.js';

export interface ImageUser {
  uid: number;
  gid: number;
}

export interface TagVariant {
  /** Matches the image tag, e.g. /-alpine/. */
  tag: RegExp;
  /** The variant's user; absent when the variant is refused. */
  user?: ImageUser;
  /** Why slipway does not run this variant (said to the user), instead of a user. */
  refused?: string;
}

/** The tag of an image reference (`repo:tag@digest` → tag), or undefined when it has none. */
export function tagOf(image: string): string | undefined {
  const name = image.split('@')[0] ?? image;
  const m = /:([\w][\w.-]*)$/.exec(name.slice(name.lastIndexOf('/') + 1));
  return m?.[1];
}

/** The user `tag` runs as, or why the variant is refused; undefined for an entry that declares no user. */
export function imageUserOf(entry: Pick<CatalogEntry, 'user' | 'variants'>, tag: string | undefined): ImageUser | { refused: string } | undefined {
  if (!entry.user) return undefined;
  const variant = tag === undefined ? undefined : entry.variants?.find((v) => v.tag.test(tag));
  if (!variant) return entry.user;
  return variant.user ?? { refused: variant.refused ?? 'this variant is not supported' };
}

/** The user an internal instance's image runs as; validation (rule image-variant) has refused unknown variants. */
export function runAs(entry: CatalogEntry, image: string): ImageUser {
  const user = imageUserOf(entry, tagOf(image));
  if (!user || 'refused' in user) throw new Error(`internal: ${entry.type} image ${image} has no known user (${user ? user.refused : 'none declared'})`);
  return user;
}
