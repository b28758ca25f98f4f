import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OneLocationResponse } from "./one-location-header.mjs";

/** Raw header lines of one answer from a server that does what `handle` does. */
let handle: (res: http.ServerResponse) => void = () => {};
const server = http.createServer({ ServerResponse: OneLocationResponse }, (_req, res) => {
  handle(res);
  res.end();
});
/** A server in the same process whose responses are not handed through it. */
const untouched = http.createServer((_req, res) => {
  res.setHeader("location", "/a");
  res.appendHeader("location", "/a");
  res.end();
});
beforeAll(async () => {
  await new Promise<void>((resolve) => untouched.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve) => untouched.close(() => resolve()));
});

async function rawHeaders(fn: (res: http.ServerResponse) => void, from = server): Promise<[string, string][]> {
  handle = fn;
  const { port } = from.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/" }, (res) => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
        res.resume();
        res.on("end", () => resolve(pairs));
      })
      .on("error", reject);
  });
}
const values = (pairs: [string, string][], name: string) => pairs.filter(([n]) => n === name).map(([, v]) => v);

describe("OneLocationResponse", () => {
  it("sends a redirect's Location once when the same address is appended again, as Next.js does", async () => {
    const pairs = await rawHeaders((res) => {
      res.statusCode = 308;
      res.setHeader("location", "/fact-checks/new");
      res.appendHeader("Location", "/fact-checks/new");
    });
    expect(values(pairs, "location")).toEqual(["/fact-checks/new"]);
  });

  it("still appends a different address, and leaves every other header alone", async () => {
    const pairs = await rawHeaders((res) => {
      res.setHeader("location", "/a");
      res.appendHeader("location", "/b");
      res.appendHeader("set-cookie", "x=1");
      res.appendHeader("set-cookie", "x=1");
      res.appendHeader("vary", "rsc");
      res.appendHeader("vary", "rsc");
    });
    expect(values(pairs, "location")).toEqual(["/a", "/b"]);
    expect(values(pairs, "set-cookie")).toEqual(["x=1", "x=1"]);
    expect(values(pairs, "vary")).toEqual(["rsc", "rsc"]);
  });

  it("changes only the responses of the server created with it: other servers of the process append as Node.js does", async () => {
    expect(values(await rawHeaders(() => {}, untouched), "location")).toEqual(["/a", "/a"]);
  });
});
