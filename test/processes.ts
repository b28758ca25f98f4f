/** Child processes and ports for tests that start the app's own commands. */
import { spawn, type SpawnOptions } from "node:child_process";
import net from "node:net";

export type Finished = { code: number | null; stdout: string; stderr: string };

/**
 * Runs a command to its end and gives its exit code and output. One still
 * running after `killAfterMs` is killed (code null), so a command that should
 * have stopped fails the test on what it printed instead of hanging it.
 */
export function runToExit(command: string, args: string[], options: SpawnOptions & { killAfterMs: number }): Promise<Finished> {
  const { killAfterMs, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** A loopback port nothing listens on (one that was free a moment ago). */
export async function closedLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
