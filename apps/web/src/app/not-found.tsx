import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-1 text-muted-foreground">It does not exist, or it belongs to a team you are not in.</p>
      <Link href="/" className="mt-4 inline-block text-primary underline">
        Back to the portfolio
      </Link>
    </main>
  );
}
