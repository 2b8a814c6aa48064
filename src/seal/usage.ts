// How `mimeo help` shows the seal commands; apart from them so help loads no encryption code.
export const SEAL_USAGE = `  mimeo seal   FILE.age [--from OUTPUT | --content DIR [--no-pdf]] [--with-content]
               [--month YYYY-MM] [--passphrase-file F | --recipient age1… | --recipients-file F]
  mimeo seal   --new-passphrase                        print a new six-word passphrase
  mimeo unseal FILE.age DIR [--passphrase-file F | --identity KEYFILE]`;
