// The part of Tauri's global API (tauri.conf.json: app.withGlobalTauri) that
// ui/api.js uses. Only for the type check (tsc --checkJs); the browser never
// loads this file.

interface Window {
  __TAURI__: {
    core: {
      /** Resolves with the command's result, whose type each function of api.js names. */
      invoke(command: string, args?: Record<string, unknown>): Promise<any>;
      /** A channel the core sends messages through (given to a command as an argument). */
      Channel: new (onMessage: (message: any) => void) => object;
    };
  };
  /** The start's status, asked by ui/early.js while the page is parsed; taken by api.startStatus. */
  kizStartStatus: Promise<any> | undefined;
}
