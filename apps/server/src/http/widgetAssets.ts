// Where the widget's built bundle lives (apps/widget/dist), from this folder in the sources and
// from the compiled server alike (both sit three levels below apps/).
import path from "node:path";

export const WIDGET_DIST = path.resolve(import.meta.dirname, "../../../widget/dist");
