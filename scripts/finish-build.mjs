// `npm run build`, after `next build`: the compressed copies of the build's scripts and styles (lib/static-files.mjs), and the list of the editing engine's files the editor page preloads (lib/engine-chunks.mjs).
import { finishBuild } from "./lib.mjs";

await finishBuild();
