import { closest, distance } from 'fastest-levenshtein';

/** The closest candidate when it is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (!candidates.length) return undefined;
  const best = closest(word, candidates as string[]);
  const limit = Math.max(2, Math.floor(word.length / 3));
  return distance(word.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

/** "did you mean X?" or the list of allowed values. */
export function suggest(word: string, candidates: readonly string[], noun = 'allowed'): string {
  const best = didYouMean(word, candidates);
  if (best) return `did you mean "${best}"?`;
  const shown = candidates.slice(0, 12).join(', ');
  return candidates.length ? `${noun}: ${shown}${candidates.length > 12 ? ', …' : ''}` : '';
}
