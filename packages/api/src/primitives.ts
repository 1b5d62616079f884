// The zod forms of the API's basic words, shared by every resource's schemas.
import { z } from "zod";
import { channels, issueStates, priorities } from "./vocabulary";

export const IssueState = z.enum(issueStates);
export const Priority = z.enum(priorities);
export const Channel = z.enum(channels);
export const Uuid = z.string().uuid();
