/** A plain link: this boundary is part of every page, so it must not pull client code into any of them. */
export default function NotFound() {
  return (
    <main className="standalone">
      <h1>Page not found</h1>
      <p>The page you asked for does not exist, or you do not have access to it.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </main>
  );
}
