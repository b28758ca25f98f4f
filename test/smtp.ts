/**
 * A real SMTP server on loopback for tests (the `smtp-server` package): it
 * accepts what the app sends, optionally refusing the first messages, and
 * keeps each message parsed (`mailparser`) with its raw headers.
 */
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export type ReceivedMail = { to: string[]; from: string; subject: string; text: string; html: string; headers: Record<string, string>; parsed: ParsedMail };

export type TestSmtp = {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Refuses (451, try later) the next `n` messages. */
  refuseNext: (n: number) => void;
  close: () => Promise<void>;
};

export async function startTestSmtp({ port = 0, user }: { port?: number; user?: { name: string; pass: string } } = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: user ? ["STARTTLS"] : ["AUTH", "STARTTLS"],
    allowInsecureAuth: true,
    authOptional: !user,
    logger: false,
    onAuth(auth, _session, callback) {
      if (user && auth.username === user.name && auth.password === user.pass) return callback(null, { user: auth.username });
      return callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        if (refusals > 0) {
          refusals -= 1;
          const error = new Error("Try again later") as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        const parsed = await simpleParser(Buffer.concat(chunks));
        const headers: Record<string, string> = {};
        for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(":") + 1).trim();
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          html: typeof parsed.html === "string" ? parsed.html : "",
          headers,
          parsed,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return {
    url: user ? `smtp://${encodeURIComponent(user.name)}:${encodeURIComponent(user.pass)}@127.0.0.1:${bound}` : `smtp://127.0.0.1:${bound}`,
    port: bound,
    received,
    refuseNext: (n) => (refusals = n),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
