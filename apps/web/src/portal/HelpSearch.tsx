// The help center's search in the portal header: public articles as the customer types.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { useDebouncedValue } from "../ui/useDebouncedValue";
import { type HelpHit, portalApi, portalBase } from "./api";

export function HelpSearch({ helpUrl }: { helpUrl: string }) {
  const [q, setQ] = useState("");
  const query = useDebouncedValue(q.trim(), 250);
  const hits = useQuery({
    queryKey: ["portal", "help", query],
    queryFn: () => portalApi.searchHelp(query),
    enabled: query.length > 1,
  });
  return (
    <div className="portal-search">
      <input
        type="search"
        placeholder="Search the help center"
        aria-label="Search the help center"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      {query.length > 1 && hits.data && (
        <ul className="portal-search-results">
          {hits.data.length === 0 && (
            <li className="portal-muted">
              No articles match. <a href={helpUrl}>Browse all</a>
            </li>
          )}
          {hits.data.map((hit) => (
            <li key={hit.id}>
              <HitLink hit={hit} onOpen={() => setQ("")} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** An article for the customer's account type opens in the portal; a public one on the help center. */
function HitLink({ hit, onOpen }: { hit: HelpHit; onOpen: () => void }) {
  const base = `${portalBase()}/`;
  if (!hit.url) return <span>{hit.title}</span>;
  if (!hit.url.startsWith(base)) return <a href={hit.url}>{hit.title}</a>;
  return (
    <Link href={hit.url.slice(base.length - 1)} onClick={onOpen}>
      {hit.title} <small className="portal-muted">· for your account</small>
    </Link>
  );
}
