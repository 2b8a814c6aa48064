// A browser that cannot be found or started: a problem of the machine mimeo runs on, which the
// person can fix (install one, point MIMEO_CHROME at one, or build without PDFs), not a fault in
// mimeo to report. Its own module, without puppeteer, so the command line can tell it apart
// without loading the print room.

/** What to do about it, said after every such error. */
export const BROWSER_ADVICE =
  "Or build without PDFs for now: mimeo build --no-pdf (the site and its pages need no browser).";

export class BrowserError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "BrowserError";
  }
}
