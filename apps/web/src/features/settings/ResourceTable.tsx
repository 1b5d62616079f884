// The list every settings section shows: loading, error (with retry), "not on this server yet"
// (404 on the route), admins-only (403), empty, then a dense table driven by column specs.
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { isForbidden, isMissingRoute } from "./useSettings";

export type Column<T> = { header: string; cell: (row: T) => ReactNode; className?: string };

type Props<T> = {
  query: Pick<UseQueryResult<T[]>, "isPending" | "isError" | "error" | "data" | "refetch">;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  /** What the list holds, for the state lines: "teams", "API tokens". */
  noun: string;
  empty?: ReactNode;
  label: string;
};

export function ResourceTable<T>({ query, columns, rowKey, noun, empty, label }: Props<T>) {
  if (query.isPending)
    return (
      <p className="state-line" aria-busy="true">
        Loading {noun}…
      </p>
    );
  if (query.isError) {
    if (isMissingRoute(query.error)) return <NotAvailable noun={noun} />;
    if (isForbidden(query.error)) return <AdminsOnly />;
    return <ErrorNotice error={query.error} onRetry={() => query.refetch()} />;
  }
  const rows = query.data ?? [];
  if (rows.length === 0) return <div className="state-line empty settings-empty">{empty ?? `No ${noun} yet.`}</div>;
  return (
    <div className="settings-table-wrap">
      <table className="settings-table" aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.className}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.header} className={c.className}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function NotAvailable({ noun }: { noun: string }) {
  return (
    <div className="settings-unavailable" role="status">
      <strong>Not available on this server yet</strong>
      <p className="muted">
        This Switchboard server does not have the {noun} API yet (it answered 404). Update the server and this section
        will light up.
      </p>
    </div>
  );
}

export function AdminsOnly() {
  return (
    <div className="notice admins-only" role="status">
      <span>
        <strong>Admins only.</strong> Ask a workspace admin to make changes here.
      </span>
    </div>
  );
}
