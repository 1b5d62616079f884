// The outbound SMTP transport, for agents' replies and for system mail alike: one factory, so
// wherever the SMTP settings come from (today SMTP_URL), every mail the product sends follows.
import nodemailer, { type Transporter } from "nodemailer";
import type { Services } from "../../services";

const transports = new Map<string, Transporter>();

export function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    transports.set(url, transport);
  }
  return transport;
}

/** The transport a workspace's outbound mail goes through; undefined when none is configured. */
export async function outboundTransport(services: Services, _workspaceId: string): Promise<Transporter | undefined> {
  const url = services.config.SMTP_URL;
  return url ? transportFor(url) : undefined;
}
