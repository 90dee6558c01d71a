// A classic script, run while the page is parsed: it asks the core for the
// start's status at once, so the answer travels while the first screen's
// modules load instead of after them (ui/app.js takes it through
// api.startStatus; issue 21). Nothing else belongs here. Without the
// bridge (never in the app) app.js asks, and says what failed.
window.kizStartStatus = window.__TAURI__?.core.invoke('app_status');
// Read by app.js; until then a refusal is not an unhandled rejection.
window.kizStartStatus?.catch(() => {});
