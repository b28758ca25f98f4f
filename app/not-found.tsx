import Link from "next/link";

export default function NotFound() {
  return (
    <main style={{ maxWidth: 640, margin: "80px auto", padding: "0 24px" }}>
      <h1>Page not found</h1>
      <p>The page you asked for does not exist, or you do not have access to it.</p>
      <p>
        <Link href="/">Go to the home page</Link>
      </p>
    </main>
  );
}
