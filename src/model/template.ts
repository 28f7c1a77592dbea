/**
 * The `${...}` template syntax of stack text: `${ref}` is a reference, `$${` writes a literal `${`. Pure
 * syntax, shared by resolve (which looks references up) and the rules (which check what a field expands to).
 */

/**
 * The longest text a template may expand to: 16 MiB, ten times what etcd stores in one object (1.5 MiB), so no
 * real value comes near it, while vars that double through each other stop long before memory runs out. The
 * object size rules (config-too-large, annotations-too-large) report real limits below it.
 */
export const MAX_EXPANDED = 16 << 20;

/** Text, a reference, or the rest of the input after a `${` that is never closed (an error where it is used). */
export type Piece = { text: string } | { ref: string } | { unclosed: string };

export function parseTemplate(input: string): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  let i = 0;
  while (i < input.length) {
    if (input.startsWith('$${', i)) {
      text += '${';
      i += 3;
    } else if (input.startsWith('${', i)) {
      const end = input.indexOf('}', i + 2);
      if (end < 0) {
        if (text) pieces.push({ text });
        return [...pieces, { unclosed: input.slice(i) }];
      }
      if (text) pieces.push({ text });
      text = '';
      pieces.push({ ref: input.slice(i + 2, end).trim() });
      i = end + 1;
    } else {
      text += input[i];
      i += 1;
    }
  }
  if (text) pieces.push({ text });
  return pieces;
}
