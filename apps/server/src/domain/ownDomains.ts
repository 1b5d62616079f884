// The workspace's own email domains (Settings → General): people there are colleagues, never
// customers. Their addresses are never matched to a customer account, and their mail does not
// open a customer issue unless it brings a customer along.

/** Whether an address is at one of the workspace's domains or a subdomain of one (mail.acme.com). */
export function isOwnAddress(email: string | undefined | null, domains: readonly string[]): boolean {
  const at = email?.lastIndexOf("@") ?? -1;
  if (!email || at < 0) return false;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return domains.some((own) => domain === own || domain.endsWith(`.${own}`));
}

export interface InternalDelivery {
  /** The author's address, when the channel knows it. */
  email?: string;
  /** The author is a Switchboard user of the workspace (by email or Slack id). */
  colleague: boolean;
  /** The author is at one of the workspace's own domains. */
  ownDomain: boolean;
  /** A customer named on the delivery (email: To/Cc or the forwarded sender), outside our domains. */
  hasCustomer: boolean;
  /** The delivery would open a new issue (it continues no thread we know). */
  opensIssue: boolean;
  /** An admin (quarantine retry) or an agent (Slack "create issue") asked for this issue. */
  allowed: boolean;
}

/**
 * Why a delivery from inside the company does not open a customer issue, or undefined when it
 * may. Colleagues still take part in customers' threads, and still open an issue for a customer
 * they write to with the team address in Cc (or forward): what is refused is internal mail with
 * no customer on it, which would otherwise become a "customer" issue about ourselves.
 */
export function internalRefusal(delivery: InternalDelivery, domains: readonly string[]): string | undefined {
  const internal = delivery.colleague || delivery.ownDomain;
  if (!internal || !delivery.opensIssue || delivery.hasCustomer || delivery.allowed) return undefined;
  const who = delivery.email ?? "a colleague";
  const why = delivery.ownDomain
    ? `${who} is at your own domain (${domains.join(", ")})`
    : `${who} is a Switchboard user of this workspace`;
  return `Internal mail: ${why} and no customer is on the mail, so it does not open a customer issue. Forward a customer's mail, or put the customer in To or Cc; retry to open it as an issue anyway.`;
}
