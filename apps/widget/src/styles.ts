// The widget's styles, inside its Shadow DOM: the host page's CSS cannot reach them, and they
// cannot reach the host page (`all: initial` also stops inherited fonts and colours).
export const STYLES = `
:host { all: initial; }
[hidden] { display: none !important; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; letter-spacing: normal; }
.launcher { position: fixed; right: 20px; bottom: 20px; width: 56px; height: 56px; border-radius: 50%; border: 0;
  background: #4f46e5; color: #fff; cursor: pointer; box-shadow: 0 6px 20px rgba(0,0,0,.25); z-index: 2147483000;
  display: grid; place-items: center; font-size: 24px; }
.launcher:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid #a5b4fc; outline-offset: 2px; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; border-radius: 10px; background: #dc2626;
  color: #fff; font-size: 12px; font-weight: 600; display: grid; place-items: center; padding: 0 5px; }
.panel { position: fixed; right: 20px; bottom: 88px; width: 360px; max-width: calc(100vw - 40px); height: 540px;
  max-height: calc(100vh - 120px); background: #fff; color: #111827; border-radius: 14px; overflow: hidden;
  box-shadow: 0 12px 40px rgba(0,0,0,.25); display: flex; flex-direction: column; z-index: 2147483000; font-size: 14px; }
.panel[hidden] { display: none; }
header { background: #4f46e5; color: #fff; padding: 14px 16px; display: flex; align-items: center; gap: 8px; }
header h2 { margin: 0; font-size: 16px; font-weight: 600; flex: 1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.launcher svg { width: 26px; height: 26px; fill: currentColor; }
header button { background: transparent; border: 0; color: #fff; cursor: pointer; font-size: 18px; padding: 2px 6px; border-radius: 6px; }
.body { flex: 1; overflow-y: auto; padding: 12px; background: #f9fafb; }
.empty, .status { color: #6b7280; text-align: center; padding: 24px 8px; }
.error { color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca; border-radius: 8px; padding: 8px 10px; margin: 8px 0; }
.conv { display: block; width: 100%; text-align: left; background: #fff; border: 1px solid #e5e7eb; border-radius: 10px;
  padding: 10px 12px; margin-bottom: 8px; cursor: pointer; color: inherit; font-size: 14px; }
.conv:hover { border-color: #a5b4fc; }
.conv .meta { color: #6b7280; font-size: 12px; margin-top: 2px; }
.conv .unread { color: #dc2626; font-weight: 600; }
.msg { max-width: 82%; margin: 6px 0; display: flex; flex-direction: column; }
.msg .who { font-size: 11px; color: #6b7280; margin: 0 4px 2px; }
.msg .text { padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; word-wrap: break-word; line-height: 1.4; }
.msg.customer { margin-left: auto; align-items: flex-end; }
.msg.customer .text { background: #4f46e5; color: #fff; border-bottom-right-radius: 4px; }
.msg.agent .text { background: #fff; border: 1px solid #e5e7eb; border-bottom-left-radius: 4px; }
.avatar { width: 22px; height: 22px; border-radius: 50%; background: #e0e7ff; color: #3730a3; font-size: 11px;
  font-weight: 700; display: inline-grid; place-items: center; margin-right: 4px; object-fit: cover; }
.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e5e7eb; background: #fff; }
.pending:not([hidden]) + .composer { border-top: 0; }
.composer textarea { flex: 1; resize: none; border: 1px solid #d1d5db; border-radius: 10px; padding: 8px 10px; font-size: 14px;
  min-height: 40px; max-height: 120px; color: #111827; background: #fff; }
.primary { background: #4f46e5; color: #fff; border: 0; border-radius: 10px; padding: 8px 14px; font-size: 14px; cursor: pointer; font-weight: 600; }
.primary:disabled { opacity: .5; cursor: default; }
.new { width: 100%; margin-bottom: 12px; }
.csat { background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 10px 12px; margin-top: 10px; text-align: center; }
.csat .scores { display: flex; justify-content: center; gap: 6px; margin: 8px 0; }
.csat .scores button { width: 36px; height: 36px; border-radius: 8px; border: 1px solid #d1d5db; background: #fff; cursor: pointer; font-size: 15px; color: #111827; }
.csat .comment-form { display: flex; gap: 6px; }
.csat .comment-form input { flex: 1; min-width: 0; border: 1px solid #d1d5db; border-radius: 8px; padding: 6px 8px; font: inherit; }
.csat .comment-form button { border: 0; border-radius: 8px; background: #4f46e5; color: #fff; padding: 6px 10px; cursor: pointer; }
.csat .comment { color: #4b5563; font-style: italic; margin: 4px 0 0; }
.csat .scores button[aria-pressed="true"] { background: #4f46e5; color: #fff; border-color: #4f46e5; }
.typing { font-size: 12px; color: #6b7280; font-style: italic; margin: 6px 4px; }
.who .edited { font-style: italic; }
.link { background: none; border: 0; padding: 0 0 0 6px; color: #4f46e5; cursor: pointer; font-size: 11px; text-decoration: underline; }
.files { display: flex; flex-direction: column; gap: 4px; margin-top: 4px; align-items: inherit; }
.thumb { max-width: 200px; max-height: 160px; border-radius: 10px; border: 1px solid #e5e7eb; background: #fff; }
.file { background: #fff; border: 1px solid #d1d5db; border-radius: 8px; padding: 4px 8px; font-size: 12px; color: #111827; cursor: pointer; text-align: left; }
.pending { padding: 6px 10px 0; background: #fff; border-top: 1px solid #e5e7eb; font-size: 12px; color: #4b5563; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.pending .error { flex-basis: 100%; margin: 4px 0 0; }
.chip { background: #eef2ff; color: #3730a3; border-radius: 12px; padding: 2px 4px 2px 10px; display: inline-flex; align-items: center; gap: 2px; }
.chip button { background: none; border: 0; cursor: pointer; color: inherit; font-size: 12px; }
.attach { background: none; border: 0; cursor: pointer; color: #6b7280; padding: 0 2px; display: grid; place-items: center; }
.attach svg { width: 22px; height: 22px; fill: currentColor; }
.attach:disabled { opacity: .4; cursor: default; }
.state { font-size: 12px; color: #6b7280; text-align: center; margin: 4px 0 8px; }
.help { padding: 10px 12px 8px; background: #fff; border-bottom: 1px solid #e5e7eb; display: flex; flex-direction: column; min-height: 0; }
.help.searching { flex: 1; }
.help-row { display: flex; align-items: center; gap: 8px; }
.help input { flex: 1; min-width: 0; border: 1px solid #d1d5db; border-radius: 10px; padding: 8px 10px; font-size: 14px; color: #111827; background: #fff; }
.help input:focus-visible, .article:focus-visible, .help-link:focus-visible { outline: 3px solid #a5b4fc; outline-offset: 1px; }
.help-link { color: #4f46e5; font-size: 12px; font-weight: 600; white-space: nowrap; text-decoration: none; }
.help-link:hover { text-decoration: underline; }
.results { flex: 1; overflow-y: auto; margin-top: 8px; }
.help-note { color: #6b7280; font-size: 12px; margin: 2px 2px 8px; }
.articles { list-style: none; margin: 0; padding: 0; }
.article { display: block; border: 1px solid #e5e7eb; border-radius: 10px; padding: 9px 12px; margin-bottom: 8px; color: inherit; text-decoration: none; }
.article:hover { border-color: #a5b4fc; background: #f5f7ff; }
.article-title { display: block; font-weight: 600; color: #3730a3; }
.snippet { display: block; color: #4b5563; font-size: 12px; line-height: 1.45; margin-top: 3px; }
.snippet mark { background: #fef08a; color: inherit; border-radius: 2px; padding: 0 1px; }
.still { color: #6b7280; font-size: 12px; text-align: center; }
.still .link { font-size: 12px; }
`;
