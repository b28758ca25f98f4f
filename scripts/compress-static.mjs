// `npm run build`, after `next build`: the compressed copies of the build's scripts and styles (lib/static-files.mjs).
import { compressBuild } from "./lib.mjs";

await compressBuild();
