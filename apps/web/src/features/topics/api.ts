// Common topics: the ranked list, one topic with its questions and issues, re-cluster on demand.
import type { ReclusterResult, TopicDetail, TopicLinearIssue, TopicList } from "@switchboard/api";
import { request } from "../../api/client";

export const fetchTopics = (signal?: AbortSignal) => request<TopicList>("/topics?limit=100", { signal });
export const fetchTopic = (id: string, signal?: AbortSignal) => request<TopicDetail>(`/topics/${id}`, { signal });
export const recluster = () =>
  request<ReclusterResult>("/topics/recluster", { method: "POST", body: { mode: "full" } });
export const fileLinearIssue = (id: string, teamId: string) =>
  request<TopicLinearIssue>(`/topics/${id}/linear-issue`, { method: "POST", body: { teamId } });
