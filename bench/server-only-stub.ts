/**
 * The domain layer starts with `import "server-only"`, which throws outside a
 * React server bundle. Benchmarks import this first: it makes that package an
 * empty module for both module loaders. Domain modules must be imported after it
 * (dynamically).
 */
import Module, { createRequire, register } from "node:module";

const stubRequire = createRequire(`${process.cwd()}/`);
const serverOnlyPath = stubRequire.resolve("server-only");
const stub = new Module(serverOnlyPath);
stub.loaded = true;
stub.exports = {};
stubRequire.cache[serverOnlyPath] = stub;
register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(s, c, next) { return s === "server-only" ? { url: "data:text/javascript,export{}", shortCircuit: true } : next(s, c); }`,
    ),
);
