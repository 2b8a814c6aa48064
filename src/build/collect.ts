// A full garbage collection, asked for between two stages of a build.
//
// V8 lets the heap grow to a few times what was alive at its last full collection before it
// collects again. A first build's guard reads every public file and leaves hundreds of
// megabytes of garbage (at 10,000 reports the heap went from 250 to 680 MB during it, nearly all
// garbage), which V8 then carried through the circle's site: the build's peak. Node has no way
// to ask for a collection but V8's own `gc`, exposed by setting V8's flag at run time and
// fetched from a new context, as Node's documentation of v8.setFlagsFromString shows.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}
