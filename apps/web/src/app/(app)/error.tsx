"use client";

import Link from "next/link";
import { useEffect } from "react";
import { buttonClass } from "~/components/ui/button";

/**
 * A page of the app that failed to render (a query error the page did not handle): what happened,
 * a retry, and the way back — inside the app's layout, so navigation still works.
 */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="mx-auto flex max-w-md flex-col items-center gap-3 py-24 text-center">
      <h1 className="text-lg font-semibold">This page could not be shown</h1>
      <p className="text-muted-foreground">
        Something failed while loading it. Try again; if it keeps failing, the server log has the details
        {error.digest ? (
          <>
            {" "}
            under <code className="font-mono text-xs">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="flex gap-2">
        <button type="button" onClick={reset} className={buttonClass("primary")}>
          Try again
        </button>
        <Link href="/" className={buttonClass("secondary")}>
          Back to the portfolio
        </Link>
      </div>
    </div>
  );
}
