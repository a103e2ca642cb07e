"use strict";
// Runs first in the frame that stands in for a web worker (see iframe-worker-shim.js): what a worker has and a
// frame lacks, posting to its owner and importing scripts, with errors reported to the page.
window.postMessage = function (message, origin) {
  parent.postMessage(message, origin || "*");
};
window.importScripts = function (...urls) {
  return urls.reduce(
    (previous, url) =>
      previous.then(
        () =>
          new Promise((resolve) => {
            const script = document.createElement("script");
            script.src = url;
            script.onload = resolve;
            document.body.appendChild(script);
          })
      ),
    Promise.resolve()
  );
};
addEventListener("error", ({ error }) => {
  parent.dispatchEvent(new ErrorEvent("error", { filename: frameElement.dataset.worker, error }));
});
