// The one error of the exchange commands: a bundle or a content folder that cannot be taken in
// or signed as it is, said in words a person can act on (exit code 1).
export class ExchangeError extends Error {
  override name = "ExchangeError";
}
