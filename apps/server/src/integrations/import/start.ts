// Which source a run reads, built from its stored parameters (the token opened from its seal).
import type { ImportRunRow } from "../../commands/imports";
import type { Services } from "../../services";
import { csvSource } from "./csv";
import { carryOutImport, type ImportSource, type RunOptions } from "./run";
import { ImportSourceError, type ZendeskCredentials, zendeskClient } from "./zendesk";
import { zendeskSource } from "./zendeskSource";

export function zendeskSourceOf(
  services: Services,
  run: ImportRunRow,
  options: Pick<ZendeskCredentials, "sleep"> = {},
): ImportSource {
  if (run.params.kind !== "zendesk") throw new ImportSourceError("This run does not read Zendesk.");
  if (!run.tokenSealed) throw new ImportSourceError("The run's API token is gone; start a new import.");
  return zendeskSource(
    zendeskClient({
      baseUrl: run.params.baseUrl,
      email: run.params.email,
      token: services.secrets.open(run.tokenSealed),
      ...options,
    }),
  );
}

/** An uploaded CSV file's run: its rows from the text kept on the run, through the mapping chosen with it. */
export function uploadedCsvSourceOf(run: ImportRunRow): ImportSource {
  if (run.params.kind !== "csv") throw new ImportSourceError("This run does not read a CSV file.");
  if (run.upload === null) throw new ImportSourceError("The uploaded file is gone; upload it again.");
  return csvSource({ name: run.params.fileName, text: run.upload }, run.params.object, run.params.mapping ?? {});
}

/** The `import.run` job, queued from the settings page: a Zendesk import or an uploaded CSV file. */
export async function runQueuedImport(services: Services, job: { workspaceId: string; runId: string }): Promise<void> {
  await carryOutImport(services, job.workspaceId, job.runId, (run) =>
    run.params.kind === "csv" ? uploadedCsvSourceOf(run) : zendeskSourceOf(services, run),
  );
}

export type { RunOptions };
