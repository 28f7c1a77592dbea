/** A parsed stack file that can say where any model path came from. */
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';

/** The position-keeping YAML parser, loaded only when a diagnostic needs a location. */
type YamlLib = typeof import('yaml');
let yamlLib: YamlLib | undefined;
const yaml = (): YamlLib => (yamlLib ??= createRequire(import.meta.url)('yaml') as YamlLib);

export type ModelPath = readonly (string | number)[];

export interface Position {
  line: number;
  col: number;
}

/**
 * Positions come from a full YAML document with source ranges. Building it costs more than parsing the data,
 * and only diagnostics need it, so it is built on first use.
 */
export class StackSource {
  private parsed?: { doc: Document.Parsed; lines: LineCounter };

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  get doc(): Document.Parsed {
    return this.document().doc;
  }

  private get lines(): LineCounter {
    return this.document().lines;
  }

  document(): { doc: Document.Parsed; lines: LineCounter } {
    if (!this.parsed) {
      const lines = new (yaml().LineCounter)();
      this.parsed = { doc: yaml().parseDocument(this.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true }), lines };
    }
    return this.parsed;
  }

  /** 1-based line and column of a character offset. */
  position(offset: number): Position {
    return this.lines.linePos(offset);
  }

  /**
   * Position of the value at `path` — or of its key when `key` is set (unknown keys point at the key).
   * Falls back to the nearest ancestor that exists, so every path gets a position.
   */
  locate(path: ModelPath, key = false): Position | undefined {
    let node: unknown = this.doc.contents;
    let keyNode: Node | undefined;
    let best: Node | undefined = node as Node | undefined;
    for (const seg of path) {
      keyNode = undefined;
      if (yaml().isMap(node)) {
        const pair = node.items.find((p) => yaml().isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        keyNode = pair.key as Node;
        node = pair.value;
        best = (node as Node | null) ?? keyNode;
      } else if (yaml().isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
        if (!node) break;
        best = node as Node;
      } else break;
    }
    const target = key && keyNode ? keyNode : best;
    const offset = target?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }

  /** True when the exact path exists in the document. */
  has(path: ModelPath): boolean {
    return this.doc.hasIn(path as unknown[]);
  }
}

