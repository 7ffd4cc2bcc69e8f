"use client";

import { useEffect, useState } from "react";
import { formatTime } from "~/lib/format";

/** A timestamp: UTC in the server render, then the viewer's own zone (zone always shown). */
export function LocalTime({ value }: { value: Date | string }) {
  const iso = new Date(value).toISOString();
  const [text, setText] = useState(() => formatTime(iso, "UTC"));
  useEffect(() => setText(formatTime(iso)), [iso]);
  return (
    <time dateTime={iso} className="tabular whitespace-nowrap">
      {text}
    </time>
  );
}
