import type { SendMailOptions } from "nodemailer";

/** Mail i of a bench:email run (see emailWorkload.mjs). */
export function benchMail(
  i: number,
  run: { name: string; domain: string; replyShare: number; realistic: boolean },
): SendMailOptions;
