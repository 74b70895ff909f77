/**
 * Markdown text built from parts, for the tree's tooltips. Text from a host (names, paths, error
 * messages) is escaped here and only here, exactly once; a path goes into a code span as it is,
 * because inside a code span a backslash is literal: escaping there shows every backslash twice,
 * and a copied instance path is then wrong.
 */

/** A run of text: plain (escaped when written) or Markdown made by the helpers below. */
export type Inline = string | { readonly markdown: string };

/**
 * Every ASCII punctuation character Markdown (CommonMark, GFM, VS Code's `$(icon)` syntax) could
 * read as syntax; a backslash before ASCII punctuation always stands for the character itself.
 */
const SYNTAX = /[\\`*_{}[\]()#+\-.!|<>~&$]/g;

export function escapeMarkdown(text: string): string {
  // Two trailing spaces make a hard line break: a line break in the text stays one.
  return text.replace(SYNTAX, (c) => `\\${c}`).replace(/\r?\n/g, '  \n');
}

/**
 * A code span that shows `text` exactly: its fence is longer than any backtick run inside, and a
 * space pads a text that starts or ends with a backtick (CommonMark strips one such space per side).
 */
export function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const spaced = /^\s.*\s$/s.test(text) && text.trim() !== '';
  const pad = text.startsWith('`') || text.endsWith('`') || spaced ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

export const bold = (text: string): Inline => ({ markdown: `**${escapeMarkdown(text)}**` });
export const code = (text: string): Inline => ({ markdown: codeSpan(text) });
/** A codicon such as `pass` or `warning`, shown where the Markdown supports theme icons. */
export const icon = (name: string): Inline => ({ markdown: `$(${name.replace(/[^a-z0-9-~]/gi, '')})` });

function inline(parts: readonly Inline[]): string {
  return parts.map((part) => (typeof part === 'string' ? escapeMarkdown(part) : part.markdown)).join('');
}

interface Block {
  readonly kind: 'paragraph' | 'bullet';
  readonly markdown: string;
}

/** Paragraphs and bullet lists; consecutive bullets form one list. */
export class MarkdownText {
  private readonly blocks: Block[] = [];

  paragraph(...parts: Inline[]): this {
    this.blocks.push({ kind: 'paragraph', markdown: inline(parts) });
    return this;
  }

  bullet(...parts: Inline[]): this {
    this.blocks.push({ kind: 'bullet', markdown: `- ${inline(parts)}` });
    return this;
  }

  /** Appends another text's blocks. */
  append(other: MarkdownText): this {
    this.blocks.push(...other.blocks);
    return this;
  }

  get isEmpty(): boolean {
    return this.blocks.length === 0;
  }

  toString(): string {
    return this.blocks
      .map((block, i) => {
        const previous = this.blocks[i - 1];
        const separator = !previous ? '' : previous.kind === 'bullet' && block.kind === 'bullet' ? '\n' : '\n\n';
        return `${separator}${block.markdown}`;
      })
      .join('');
  }
}
