// A chart that cannot load or draw (uPlot refuses a browser whose locale Intl rejects, a chunk
// fails to download) says so in its own box instead of unmounting the whole page around it.
import { Component, type ReactNode } from "react";

export class ChartBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (this.state.failed) return <p className="muted small">The chart could not be drawn in this browser.</p>;
    return this.props.children;
  }
}
