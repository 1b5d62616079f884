// The mails people receive about their account: what each says, with its one-time link.
// Plain text first (it reaches every client and every spam filter's good side).

export type AccountMailTemplate = "password_reset" | "set_password" | "invitation" | "email_change";

export interface AccountMailFacts {
  template: AccountMailTemplate;
  /** The server's public address (`https://support.acme.com`). */
  baseUrl: string;
  token: string;
  workspaceName: string;
  name: string | null;
  invitedBy?: string | null;
}

/** The page each link opens in the web app. */
export const LINK_PATHS: Record<AccountMailTemplate, string> = {
  password_reset: "/reset-password",
  set_password: "/reset-password",
  invitation: "/invitation",
  email_change: "/confirm-email",
};

export function accountLink(facts: Pick<AccountMailFacts, "template" | "baseUrl" | "token">): string {
  return `${facts.baseUrl}${LINK_PATHS[facts.template]}?token=${encodeURIComponent(facts.token)}`;
}

export function composeAccountMail(facts: AccountMailFacts): { subject: string; text: string } {
  const link = accountLink(facts);
  const hello = facts.name ? `Hello ${facts.name},` : "Hello,";
  switch (facts.template) {
    case "password_reset":
      return {
        subject: `Reset your Switchboard password (${facts.workspaceName})`,
        text: [
          hello,
          "",
          `Someone asked to reset the password of your ${facts.workspaceName} account on Switchboard.`,
          "To choose a new password, open this link within the next hour (it works once):",
          "",
          link,
          "",
          "Resetting signs you out everywhere else. If you did not ask for this, ignore this mail:",
          "your password stays as it is.",
        ].join("\n"),
      };
    case "set_password":
      return {
        subject: `Set your Switchboard password (${facts.workspaceName})`,
        text: [hello, "", `Choose the password of your ${facts.workspaceName} account:`, "", link].join("\n"),
      };
    case "invitation":
      return {
        subject: `${facts.invitedBy ?? "Your team"} invited you to ${facts.workspaceName} on Switchboard`,
        text: [
          hello,
          "",
          `${facts.invitedBy ?? "An admin"} invited you to work on customer issues with ${facts.workspaceName} on Switchboard.`,
          "Open this link to choose your name and password (it works once, for 7 days):",
          "",
          link,
        ].join("\n"),
      };
    case "email_change":
      return {
        subject: "Confirm your new email address for Switchboard",
        text: [
          hello,
          "",
          `You asked to sign in to ${facts.workspaceName} on Switchboard with this address from now on.`,
          "Open this link within 24 hours to confirm it (until then, your old address stays):",
          "",
          link,
          "",
          "If you did not ask for this, ignore this mail.",
        ].join("\n"),
      };
  }
}
