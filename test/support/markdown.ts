/** What a Markdown renderer (markdown-it, CommonMark) makes of a text, for tests of the tooltips' Markdown. */
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt();

/** The text a Markdown renderer shows: text and code spans, line breaks as new lines. */
export function renderedText(source: string): string {
  const blocks: string[] = [];
  for (const token of markdown.parse(source, {})) {
    if (token.type !== 'inline') continue;
    blocks.push(
      (token.children ?? []).map((child) => (child.type === 'softbreak' || child.type === 'hardbreak' ? '\n' : child.content)).join(''),
    );
  }
  return blocks.join('\n');
}

/** The contents of the code spans of a Markdown text, as rendered. */
export function codeSpans(source: string): string[] {
  return markdown
    .parse(source, {})
    .flatMap((token) => token.children ?? [])
    .filter((child) => child.type === 'code_inline')
    .map((child) => child.content);
}
