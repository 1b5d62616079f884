// A small Zendesk help desk to import: agents and customers, organizations, groups, custom ticket fields,
// tickets with public and private comments and attachments, macros and articles — and poison
// records of each kind the import must skip and report (a bad email, a nameless organization, an
// unreadable date, a requester that does not exist, a deleted ticket, an oversized attachment).
import type { ZendeskStandin } from "./standin";

export const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082",
  "hex",
);

export const AGENT = { id: 100, name: "Ana Agent", email: "ana@acme-help.example", role: "admin" };
export const CUSTOMER = { id: 200, name: "Casey Customer", email: "casey@globex.example", role: "end-user" };

const t = (iso: string) => new Date(iso).toISOString();

export function fillHelpDesk(zd: ZendeskStandin): void {
  zd.organizations.push(
    { id: 10, name: "Globex", domain_names: ["globex.example"], tags: ["enterprise"], created_at: t("2023-01-01") },
    { id: 11, name: "Initech", domain_names: ["initech.example"], tags: [], created_at: t("2023-01-01") },
    { id: 12, name: "", domain_names: [], tags: [] },
  );
  zd.users.push(
    { ...AGENT, organization_id: null, created_at: t("2023-01-01") },
    { id: 101, name: "Bo Agent", email: "bo@acme-help.example", role: "agent", organization_id: null },
    { ...CUSTOMER, organization_id: 10 },
    { id: 201, name: "Dana Doe", email: "dana@initech.example", role: "end-user", organization_id: 11 },
    { id: 202, name: "Broken Address", email: "not an email", role: "end-user", organization_id: null },
  );
  zd.groups.push(
    { id: 60, name: "Billing", description: "Invoices and refunds", default: false, deleted: false },
    // A team of this name may exist before the import: it is taken as this group's team.
    { id: 61, name: "Support", description: "", default: true, deleted: false },
    { id: 62, name: "Old escalations", description: "", default: false, deleted: true },
  );
  const membership = (id: number, user_id: number, group_id: number) => ({
    id,
    user_id,
    group_id,
    default: false,
    created_at: "2023-01-02T00:00:00Z",
    updated_at: "2023-01-02T00:00:00Z",
  });
  zd.groupMemberships.push(
    membership(80, AGENT.id, 60),
    membership(81, AGENT.id, 61),
    membership(82, 101, 61),
    // Its group was deleted in Zendesk, so it was never a team here.
    membership(83, 101, 62),
  );
  zd.ticketFields.push(
    { id: 30, type: "subject", title: "Subject", active: true },
    {
      id: 31,
      type: "tagger",
      title: "Plan",
      active: true,
      custom_field_options: [
        { name: "Pro", value: "plan_pro" },
        { name: "Free", value: "plan_free" },
      ],
    },
    { id: 32, type: "checkbox", title: "Escalated", active: true },
  );
  const ticket = (id: number, fields: Record<string, unknown>) => ({
    id,
    subject: `Ticket ${id}`,
    description: "",
    status: "open",
    priority: null,
    requester_id: CUSTOMER.id,
    assignee_id: null,
    organization_id: 10,
    tags: [],
    custom_fields: [],
    created_at: t("2024-03-01T10:00:00Z"),
    updated_at: t("2024-03-02T10:00:00Z"),
    ...fields,
  });
  zd.tickets.push(
    ticket(1000, {
      subject: "My invoice is wrong",
      priority: "normal",
      assignee_id: AGENT.id,
      tags: ["billing", "vip"],
      custom_fields: [
        { id: 31, value: "plan_pro" },
        { id: 32, value: true },
      ],
    }),
    ticket(1001, { subject: "Login loop", status: "solved", requester_id: 201, organization_id: 11, group_id: 61 }),
    ticket(1002, { subject: "Export is slow", status: "pending", priority: "high", group_id: 60 }),
    ticket(1003, { subject: "Poison: unreadable date", created_at: "31/02/2024" }),
    ticket(1004, { subject: "Poison: unknown requester", requester_id: 999 }),
    ticket(1005, { subject: "Deleted one", status: "deleted" }),
  );
  zd.attachments.set("a1", PNG);
  const comment = (id: number, author: number, body: string, at: string, more: Record<string, unknown> = {}) => ({
    id,
    type: "Comment",
    author_id: author,
    body,
    plain_body: body,
    html_body: `<p>${body}</p>`,
    public: true,
    created_at: t(at),
    attachments: [],
    ...more,
  });
  zd.comments.set("1000", [
    comment(5001, CUSTOMER.id, "My invoice shows the wrong amount.", "2024-03-01T10:00:00Z"),
    comment(5002, AGENT.id, "Checking with finance before we answer.", "2024-03-01T11:00:00Z", { public: false }),
    comment(5003, AGENT.id, "Fixed it, here is the corrected invoice.", "2024-03-01T12:00:00Z", {
      attachments: [
        {
          id: 7001,
          file_name: "invoice.png",
          content_url: `${zd.url}/attachments/a1`,
          content_type: "image/png",
          size: PNG.length,
        },
      ],
    }),
    comment(5004, CUSTOMER.id, "Thanks! Here is a huge scan.", "2024-03-01T13:00:00Z", {
      attachments: [
        {
          id: 7002,
          file_name: "scan.tiff",
          content_url: `${zd.url}/attachments/huge`,
          content_type: "image/tiff",
          size: 40 * 1024 * 1024,
        },
      ],
    }),
  ]);
  zd.comments.set("1001", [comment(5101, 201, "I keep getting logged out.", "2024-03-01T10:00:00Z")]);
  zd.comments.set("1002", [
    comment(5201, CUSTOMER.id, "The export takes an hour.", "2024-03-01T10:00:00Z"),
    comment(5202, 101, "Which export?", "2024-03-01T10:30:00Z"),
    comment(5203, CUSTOMER.id, "The CSV one.", "2024-03-01T10:45:00Z"),
  ]);
  zd.macros.push(
    {
      id: 40,
      title: "Refund issued",
      active: true,
      actions: [{ field: "comment_value", value: "We have refunded you." }],
    },
    { id: 41, title: "Close quietly", active: true, actions: [{ field: "status", value: "solved" }] },
  );
  zd.articles.push(
    { id: 50, title: "Resetting your password", body: "<p>Click <b>Forgot password</b>.</p>", draft: false },
    { id: 51, title: "Unfinished draft", body: "<p>TODO</p>", draft: true },
  );
}
