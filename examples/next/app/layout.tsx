// The layout every page of the Next.js example shares: the same style as the other examples' pages.
import type { ReactNode } from "react";
import { STYLE } from "../../shared/pages";

export const metadata = { title: "Example app" };

export default function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <style>{STYLE}</style>
      </head>
      <body>{children}</body>
    </html>
  );
}
