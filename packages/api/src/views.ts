// /views: saved filters over issues (personal, team, workspace), their issues and live counts.
import { z } from "zod";
import { ConditionNode, ViewFilter } from "./conditions";
import { IssueState, text, Uuid } from "./primitives";
import type { Wire } from "./responses";
import { viewLayouts, viewOwnerTypes, viewSorts } from "./vocabulary";

export const ViewSort = z.enum(viewSorts);
export type ViewSort = z.infer<typeof ViewSort>;
export const ViewLayout = z.enum(viewLayouts);
export type ViewLayout = z.infer<typeof ViewLayout>;

export const CreateViewInput = z.strictObject({
  name: text(200),
  ownerType: z.enum(viewOwnerTypes),
  ownerTeamId: Uuid.nullish(),
  filter: ViewFilter.optional(),
  sort: ViewSort.optional(),
  layout: ViewLayout.optional(),
});
export const UpdateViewInput = CreateViewInput.omit({ ownerType: true, ownerTeamId: true }).partial();

export const ViewIssuesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  state: IssueState.optional(),
  /** Only issues closed at or after this instant (the board's "Closed today": the agent's midnight). */
  closedSince: z.iso.datetime({ offset: true }).optional(),
});

/** A filter as stored: a condition tree (migration 0010 rewrote the earlier view dialect). */
export const SavedViewFilter = ConditionNode;
export type SavedViewFilter = Wire<typeof SavedViewFilter>;

export const View = z.strictObject({
  id: Uuid,
  name: z.string(),
  ownerType: z.enum(viewOwnerTypes),
  ownerUserId: Uuid.nullable(),
  ownerTeamId: Uuid.nullable(),
  filter: SavedViewFilter,
  sort: ViewSort,
  layout: ViewLayout,
});
export type View = Wire<typeof View>;

/** Open-issue count per visible view id. */
/**
 * Open issues per view. A count stops at `cap` (a huge view is not counted row by row for a
 * badge): the views in `more` have more open issues than their count says ("1000+").
 */
export const ViewCounts = z.strictObject({
  counts: z.record(Uuid, z.number().int()),
  cap: z.number().int(),
  more: z.array(Uuid),
});
export type ViewCounts = Wire<typeof ViewCounts>;
