"use strict";
// iframe-worker's shim (MIT, see iframe-worker-LICENSE), changed so that the frame runs no inline script: the
// page's Content-Security-Policy allows scripts from the site's own files only. The frame loads
// iframe-worker-boot.js, beside this file, before the worker's own script.
(() => {
  const boot = new URL("iframe-worker-boot.js", document.currentScript.src).href;
  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.url = url;
      this.m = (event) => {
        if (event.source === this.w) {
          this.dispatchEvent(new MessageEvent("message", { data: event.data }));
          if (this.onmessage) this.onmessage(event);
        }
      };
      this.e = (message, filename, lineno, colno, error) => {
        if (filename === `${this.url}`) {
          const event = new ErrorEvent("error", { message, filename, lineno, colno, error });
          this.dispatchEvent(event);
          if (this.onerror) this.onerror(event);
        }
      };
      const frame = document.createElement("iframe");
      frame.hidden = true;
      frame.dataset.worker = `${url}`;
      document.body.appendChild((this.iframe = frame));
      const source = new URL(`${url}`, location.href).href;
      this.w.document.open();
      this.w.document.write(
        `<html><body><script src="${boot}"><\/script><script src="${source}?${+Date.now()}"><\/script></body></html>`
      );
      this.w.document.close();
      onmessage = this.m;
      onerror = this.e;
      this.r = new Promise((resolve, reject) => {
        this.w.onload = resolve;
        this.w.onerror = reject;
      });
    }
    terminate() {
      this.iframe.remove();
      onmessage = onerror = null;
    }
    postMessage(data) {
      this.r.catch().then(() => {
        this.w.dispatchEvent(new MessageEvent("message", structuredClone({ data })));
      });
    }
    get w() {
      return this.iframe.contentWindow;
    }
  }
  window.IFrameWorker = IFrameWorker;
  if (location.protocol === "file:") window.Worker = IFrameWorker;
})();
