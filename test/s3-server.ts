/**
 * A small S3-compatible server on loopback for the tests of the S3 store
 * (lib/server/snapshots.ts): path-style PUT, GET and DELETE of objects in one
 * bucket, kept in memory, and S3's XML errors. Every request must carry a valid
 * AWS Signature Version 4, checked here with the secret, independently of the
 * signer the app uses (`verifySigV4`, written from AWS's documentation and
 * tested against its published example in test/s3-server.test.ts): a request
 * signed wrongly, with another secret, or whose body is not the one signed is
 * refused as S3 refuses it.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type SigV4Request = { method: string; /** The path as sent, still escaped, with its query. */ url: string; headers: http.IncomingHttpHeaders; body: Buffer };
export type Credentials = { accessKeyId: string; secretAccessKey: string; region: string; service?: string };

const sha256 = (data: string | Buffer) => crypto.createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => crypto.createHmac("sha256", key).update(data).digest();
/** RFC 3986 escaping, as SigV4 wants for query names and values. */
const escape = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Whether `request` carries a valid Signature Version 4 in its Authorization
 * header for `credentials`: null when it does, else S3's error code and why.
 * `now` bounds x-amz-date to 15 minutes either side, as S3 does.
 */
export function verifySigV4(request: SigV4Request, credentials: Credentials, now: Date = new Date()): { code: string; message: string } | null {
  const header = [request.headers.authorization].flat()[0] ?? "";
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(header);
  if (!match) return { code: "AccessDenied", message: "No Signature Version 4 Authorization header" };
  const [, accessKeyId, day, region, service, signedHeaderList, signature] = match as unknown as string[];
  if (accessKeyId !== credentials.accessKeyId) return { code: "InvalidAccessKeyId", message: "Unknown access key" };
  if (region !== credentials.region || service !== (credentials.service ?? "s3")) return { code: "AuthorizationHeaderMalformed", message: `Wrong scope ${region}/${service}` };
  const amzDate = String(request.headers["x-amz-date"] ?? "");
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== day) return { code: "AccessDenied", message: "x-amz-date is missing or not the credential's day" };
  const at = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
  if (Math.abs(at - now.getTime()) > 15 * 60_000) return { code: "RequestTimeTooSkewed", message: "x-amz-date is too far from now" };
  const signedHeaders = signedHeaderList!.split(";");
  if (!signedHeaders.includes("host") || !signedHeaders.includes("x-amz-date")) return { code: "AccessDenied", message: "host and x-amz-date must be signed" };

  const payloadHash = String(request.headers["x-amz-content-sha256"] ?? "");
  if (!payloadHash) return { code: "InvalidRequest", message: "Missing x-amz-content-sha256" };
  if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== sha256(request.body)) return { code: "XAmzContentSHA256Mismatch", message: "The body is not the one signed" };

  const [rawPath, rawQuery = ""] = request.url.split("?", 2) as [string, string?];
  const query = rawQuery
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const [name, value = ""] = pair.split("=", 2) as [string, string?];
      return [escape(decodeURIComponent(name)), escape(decodeURIComponent(value.replace(/\+/g, " ")))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const canonicalHeaders = signedHeaders
    .map((name) => {
      const value = request.headers[name];
      if (value === undefined) return null;
      return `${name}:${[value].flat().join(",").trim().replace(/\s+/g, " ")}\n`;
    });
  if (canonicalHeaders.includes(null)) return { code: "AccessDenied", message: "A signed header is missing" };
  // S3 signs the path as sent: escaped once, not normalized.
  const canonicalRequest = [request.method, rawPath, query, canonicalHeaders.join(""), signedHeaderList, payloadHash].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day!), region!), service!), "aws4_request");
  const expected = crypto.createHmac("sha256", key).update(stringToSign).digest();
  if (!crypto.timingSafeEqual(expected, Buffer.from(signature!, "hex"))) {
    return { code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided" };
  }
  return null;
}

export type TestS3 = {
  /** `http://127.0.0.1:<port>`: the endpoint, path-style. */
  endpoint: string;
  bucket: string;
  credentials: Credentials;
  /** What is in the bucket, by key. */
  objects: Map<string, { body: Buffer; contentType: string | undefined }>;
  /** Every request: method, key, and the error it got (null when accepted). */
  requests: { method: string; key: string; refused: string | null }[];
  /** Answers the next requests with this status (S3's InternalError), as a failing store would. */
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
};

export async function startTestS3({ bucket = "factdesk-archive", region = "eu-west-3" }: { bucket?: string; region?: string } = {}): Promise<TestS3> {
  const credentials: Credentials = { accessKeyId: "AKIDFACTDESKTEST", secretAccessKey: crypto.randomBytes(20).toString("base64"), region };
  const objects: TestS3["objects"] = new Map();
  const requests: TestS3["requests"] = [];
  let failing = { status: 0, count: 0 };
  const xmlError = (res: http.ServerResponse, status: number, code: string, message: string) => {
    res.writeHead(status, { "content-type": "application/xml" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? "/").split("?")[0]!;
      const [, bucketName = "", ...rest] = path.split("/");
      const key = rest.map(decodeURIComponent).join("/");
      const refuse = (status: number, code: string, message: string) => {
        requests.push({ method: req.method!, key, refused: code });
        xmlError(res, status, code, message);
      };
      const problem = verifySigV4({ method: req.method!, url: req.url ?? "/", headers: req.headers, body }, credentials);
      if (problem) return refuse(problem.code === "XAmzContentSHA256Mismatch" ? 400 : 403, problem.code, problem.message);
      if (failing.count > 0) {
        failing.count -= 1;
        return refuse(failing.status, "InternalError", "We encountered an internal error. Please try again.");
      }
      if (bucketName !== bucket) return refuse(404, "NoSuchBucket", "The specified bucket does not exist");
      requests.push({ method: req.method!, key, refused: null });
      if (req.method === "PUT") {
        objects.set(key, { body, contentType: req.headers["content-type"] });
        res.writeHead(200, { etag: `"${crypto.createHash("md5").update(body).digest("hex")}"` });
        return res.end();
      }
      if (req.method === "GET") {
        const object = objects.get(key);
        if (!object) return xmlError(res, 404, "NoSuchKey", "The specified key does not exist.");
        res.writeHead(200, { "content-type": object.contentType ?? "application/octet-stream", "content-length": object.body.length });
        return res.end(object.body);
      }
      if (req.method === "DELETE") {
        objects.delete(key);
        res.writeHead(204);
        return res.end();
      }
      xmlError(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bucket,
    credentials,
    objects,
    requests,
    failNext(status, count = 1) {
      failing = { status, count };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
