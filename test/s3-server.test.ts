/**
 * The test S3 server's signature check (test/s3-server.ts) is the proof that
 * the S3 store signs its requests correctly, so it is itself checked here: it
 * accepts AWS's published Signature Version 4 example for S3 (the GET Object
 * example of "Signature Calculations for the Authorization Header: Transferring
 * Payload in a Single Chunk") and refuses every small change to it.
 */
import { describe, expect, it } from "vitest";
import { verifySigV4, type SigV4Request } from "./s3-server";

const credentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1" };
const at = new Date("2013-05-24T00:00:00Z");
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const example = (): SigV4Request => ({
  method: "GET",
  url: "/test.txt",
  headers: {
    host: "examplebucket.s3.amazonaws.com",
    range: "bytes=0-9",
    "x-amz-content-sha256": EMPTY_SHA256,
    "x-amz-date": "20130524T000000Z",
    authorization:
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
  },
  body: Buffer.alloc(0),
});

describe("verifySigV4", () => {
  it("accepts AWS's published example request", () => {
    expect(verifySigV4(example(), credentials, at)).toBeNull();
  });

  it("refuses it signed with another secret, for another object, range, day or region", () => {
    expect(verifySigV4(example(), { ...credentials, secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ" }, at)?.code).toBe("SignatureDoesNotMatch");
    expect(verifySigV4({ ...example(), url: "/test2.txt" }, credentials, at)?.code).toBe("SignatureDoesNotMatch");
    expect(verifySigV4({ ...example(), method: "DELETE" }, credentials, at)?.code).toBe("SignatureDoesNotMatch");
    const otherRange = example();
    otherRange.headers.range = "bytes=0-99";
    expect(verifySigV4(otherRange, credentials, at)?.code).toBe("SignatureDoesNotMatch");
    const otherHost = example();
    otherHost.headers.host = "otherbucket.s3.amazonaws.com";
    expect(verifySigV4(otherHost, credentials, at)?.code).toBe("SignatureDoesNotMatch");
    expect(verifySigV4(example(), { ...credentials, region: "eu-west-1" }, at)?.code).toBe("AuthorizationHeaderMalformed");
    expect(verifySigV4(example(), { ...credentials, accessKeyId: "AKIDSOMEONEELSE" }, at)?.code).toBe("InvalidAccessKeyId");
  });

  it("refuses a body other than the one signed, a stale date, and a request without a signature", () => {
    expect(verifySigV4({ ...example(), body: Buffer.from("x") }, credentials, at)?.code).toBe("XAmzContentSHA256Mismatch");
    expect(verifySigV4(example(), credentials, new Date("2013-05-24T00:20:00Z"))?.code).toBe("RequestTimeTooSkewed");
    const unsigned = example();
    delete unsigned.headers.authorization;
    expect(verifySigV4(unsigned, credentials, at)?.code).toBe("AccessDenied");
  });
});
