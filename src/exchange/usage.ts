// How `mimeo help` shows the exchange commands: apart from them, so help loads no key code.
export const EXCHANGE_USAGE = `  mimeo keygen [--content DIR] [--key FILE] [--passphrase-file F]   a key to sign bundles
  mimeo bundle DIR --sign [--key FILE] [--passphrase-file F]        a signed public bundle
  mimeo import BUNDLE [--content DIR]                 take in another circle's tactics`;
