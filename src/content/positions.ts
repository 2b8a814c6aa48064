// Where inline tokens start in their block's source, so a problem names the line a link, an image
// or an HTML comment is on. markdown-it's inline tokens carry no position, and counting the line
// breaks between them misses the line ends a code span or a link's title holds (markdown-it turns
// those into spaces, or keeps them inside an attribute). So a rule that runs first at each step of
// the inline parser notes where the next token pushed starts.
import type MarkdownIt from "markdown-it";
import type StateInline from "markdown-it/lib/rules_inline/state_inline.mjs";
import type Token from "markdown-it/lib/token.mjs";

/** Where each token started in its inline source, for the tokens a parse with `trackStarts` made. */
const starts = new WeakMap<Token, number>();
/** Per token list being filled: the index the next token goes to, and where in the source it starts. */
const waiting = new WeakMap<Token[], { index: number; pos: number }>();

function settle(state: StateInline): void {
  const next = waiting.get(state.tokens);
  if (next === undefined || state.tokens.length <= next.index) return;
  const token = state.tokens[next.index];
  if (token !== undefined) starts.set(token, next.pos);
  waiting.delete(state.tokens);
}

/** Makes `md` note where each link, image and inline HTML token starts. */
export function trackStarts(md: MarkdownIt): MarkdownIt {
  md.inline.ruler.before("text", "mimeo_starts", (state) => {
    settle(state);
    const char = state.src.charCodeAt(state.pos);
    // `[` a link, `!` an image, `<` inline HTML or an autolink.
    if (char === 0x5b || char === 0x21 || char === 0x3c) {
      // Text waiting to be pushed goes in first, when the next token is pushed.
      waiting.set(state.tokens, { index: state.tokens.length + (state.pending ? 1 : 0), pos: state.pos });
    }
    return false;
  });
  // The last token of a list is settled once its parse is over.
  md.inline.ruler2.before("balance_pairs", "mimeo_starts", (state) => {
    settle(state);
    waiting.delete(state.tokens);
    return false;
  });
  return md;
}

/**
 * The file line an inline token starts on: `firstLine` is the line of its block's first line,
 * `source` the block's inline source (the inline token's content). Undefined for a token whose
 * start was not noted.
 */
export function lineOfToken(token: Token, source: string, firstLine: number): number | undefined {
  const pos = starts.get(token);
  if (pos === undefined) return undefined;
  let line = firstLine;
  for (let i = source.indexOf("\n"); i !== -1 && i < pos; i = source.indexOf("\n", i + 1)) line++;
  return line;
}
