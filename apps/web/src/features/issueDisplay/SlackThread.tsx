// On a Slack issue: the shared channel it came from and a link to its thread in Slack.
import type { Issue } from "../../api/types";
import { slackChannelName, slackThreadUrl } from "./slack";

export function SlackThread({ issue }: { issue: Pick<Issue, "channel" | "source"> }) {
  if (issue.channel !== "slack") return null;
  const channel = slackChannelName(issue.source);
  const url = slackThreadUrl(issue.source);
  return (
    <span className="slack-thread">
      {channel && <span className="muted">{channel}</span>}
      {url && (
        <a href={url} target="_blank" rel="noreferrer noopener" title="Open this thread in Slack">
          Open in Slack ↗
        </a>
      )}
    </span>
  );
}
