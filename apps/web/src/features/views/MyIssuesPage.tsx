// "My issues": everything open that is assigned to me, as a dense list.
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { listIssues } from "../../api/client";
import { IssueList } from "./IssueList";

const OPEN = "new,on_you,on_customer,on_hold";

export function MyIssuesPage() {
  const query = useInfiniteQuery({
    queryKey: ["issues", "mine"],
    queryFn: ({ pageParam, signal }) => listIssues({ assignee: "me", state: OPEN, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
  return (
    <section className="view-page" aria-labelledby="mine-title">
      <header className="page-head">
        <h1 id="mine-title">My issues</h1>
        <span className="muted">open, assigned to me</span>
      </header>
      <IssueList query={query} empty="Nothing assigned to you is open. Nice." />
    </section>
  );
}
