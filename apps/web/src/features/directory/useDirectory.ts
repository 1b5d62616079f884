// Workspace reference data (people, teams, tags, custom fields, accounts): rarely changes,
// cached long, refreshed by "settings" notices.
import { useQuery } from "@tanstack/react-query";
import {
  getAccount,
  listAccounts,
  listCustomFields,
  listMacros,
  listTags,
  listTeams,
  listUsers,
} from "../../api/client";

const LONG = 5 * 60_000;

export const useUsers = () =>
  useQuery({
    queryKey: ["directory", "users"],
    queryFn: ({ signal }) => listUsers(signal),
    staleTime: LONG,
    select: (d) => d.items,
  });

export const useTeams = () =>
  useQuery({
    queryKey: ["directory", "teams"],
    queryFn: ({ signal }) => listTeams(signal),
    staleTime: LONG,
    select: (d) => d.items,
  });

export const useTags = () =>
  useQuery({
    queryKey: ["directory", "tags"],
    queryFn: ({ signal }) => listTags(signal),
    staleTime: LONG,
    select: (d) => d.items,
  });

export const useCustomFields = () =>
  useQuery({
    queryKey: ["directory", "fields"],
    queryFn: ({ signal }) => listCustomFields(signal),
    staleTime: LONG,
    select: (d) => d.items,
  });

export const useAccounts = (enabled = true) =>
  useQuery({
    queryKey: ["directory", "accounts"],
    queryFn: ({ signal }) => listAccounts(signal),
    staleTime: LONG,
    enabled,
    select: (d) => d.items,
  });

export const useAccount = (id: string | undefined) =>
  useQuery({
    queryKey: ["account", id],
    queryFn: ({ signal }) => getAccount(id ?? "", signal),
    enabled: Boolean(id),
  });

export const useMacros = () =>
  useQuery({
    queryKey: ["macros"],
    queryFn: ({ signal }) => listMacros(signal),
    staleTime: LONG,
    select: (d) => d.items,
  });
