// The help center's search in the portal header: public articles as the customer types.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useDebouncedValue } from "../ui/useDebouncedValue";
import { portalApi } from "./api";

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
            <li key={hit.id}>{hit.url ? <a href={hit.url}>{hit.title}</a> : <span>{hit.title}</span>}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
