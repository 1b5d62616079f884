// The mails of bench:email, one function for every sender of them: the SMTP load generator
// (emailClient.mjs) and the Maildir writer that feeds a peer's IMAP fetch (emailMaildir.ts).
// Plain JavaScript: emailClient.mjs runs in a worker thread, which does not inherit the tsx loader.

// "Realistic" mail, as customers send it: ≈ 2 KB of text (a greeting, the problem, steps tried,
// a signature and a legal footer), 5 % with an attachment (a 40 KB PDF-like file), 3 % HTML-only.
const PARAGRAPHS = [
  "Since this morning several people on our team cannot sign in through SSO. They are sent back to the login page after entering their password, and the browser console shows a 401 from the callback.",
  "We tried clearing cookies, using a private window and a different browser; the result is the same. Colleagues who were already signed in are not affected until their session expires.",
  "Our billing contact also noticed that last month's invoice lists twelve seats although we removed two users on the 3rd. Could you check whether the proration was applied?",
  "The export of our dashboard to CSV stops at 10,000 rows. We need the full quarter for our board meeting on Thursday, so a workaround would help a lot.",
  "After the update the webhook deliveries to our endpoint show a signature mismatch. We rotated the secret as described in your documentation, but the error persists.",
  "Could you also confirm whether the data residency option covers backups, or only the primary database? Our security team needs this for the vendor review.",
];
const SIGNATURE =
  "\n\nBest regards,\nJordan Miller\nHead of Operations | Acme Logistics\n+1 (555) 010-2030 | www.acme-logistics.test\n\n" +
  "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and may be legally privileged. If you are not the intended recipient, please notify the sender and delete it; any use, copying or disclosure is prohibited.";
const ATTACHMENT = Buffer.alloc(40 * 1024, "%PDF-1.4 bench attachment ");
const realisticBody = (i) => {
  const parts = [`Hello support team,\n\nthis is mail ${i}.`];
  for (let k = 0; k < 3; k++) parts.push(PARAGRAPHS[(i + k * 2) % PARAGRAPHS.length]);
  return `${parts.join("\n\n")}${SIGNATURE}`;
};
const content = (i, realistic) => {
  if (!realistic)
    return { text: `Hello, this is mail ${i}. Something is broken in our workspace, please help.\n\nThanks` };
  const body = realisticBody(i);
  if (i % 33 === 5)
    return {
      html: `<html><body>${body
        .split("\n\n")
        .map((p) => `<p>${p}</p>`)
        .join("")}</body></html>`,
    };
  const attachments =
    i % 20 === 3 ? [{ filename: `report-${i}.pdf`, content: ATTACHMENT, contentType: "application/pdf" }] : undefined;
  return { text: body, ...(attachments && { attachments }) };
};

/**
 * Mail i of a run as nodemailer message options. A reply (every 1/replyShare-th mail after the
 * tenth) answers mail i − 7 of the same run by its Message-ID.
 * @param {number} i
 * @param {{ name: string, domain: string, replyShare: number, realistic: boolean }} run
 */
export const benchMail = (i, run) => {
  const reply = i > 10 && i % Math.round(1 / run.replyShare) === 0;
  const replyTo = reply ? `<m${i - 7}-${run.name}@customer.test>` : undefined;
  return {
    from: `Customer ${i % 200} <c${i % 200}@customer${i % 20}.test>`,
    to: `support@${run.domain}`,
    subject: `Bench mail ${i}`,
    ...content(i, run.realistic),
    messageId: `<m${i}-${run.name}@customer.test>`,
    ...(replyTo && { inReplyTo: replyTo, references: [replyTo] }),
  };
};
