// A name or a message fit for the terminal. File names come from sticks and other circles'
// bundles: a control character (ESC starts a terminal's escape sequences), a line separator or
// a bidirectional override could hide what a name is or drive the terminal. Each is written out.

const UNSEEN = /[\p{Cc}\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** `text` with every such character written out as `\uXXXX` (`re\u001bport.md`). */
export function printable(text: string): string {
  return text.replace(UNSEEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
