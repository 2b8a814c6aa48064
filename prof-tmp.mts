import { profileShares } from "./bench/profile.ts";
console.log((await profileShares(process.argv[2]!, 25)).map((s) => `${s.ms.toFixed(0).padStart(6)} ${s.what}`).join("\n"));
