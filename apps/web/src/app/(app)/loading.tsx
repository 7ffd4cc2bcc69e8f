/** While a page of the app loads on the server: a skeleton of a page header and a table. */
export default function Loading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading" className="flex flex-col gap-4">
      <div className="h-6 w-64 animate-pulse rounded bg-surface-muted" />
      <div className="h-4 w-96 max-w-full animate-pulse rounded bg-surface-muted" />
      <div className="h-64 w-full animate-pulse rounded-lg bg-surface-muted" />
    </div>
  );
}
