// What every page shares: requests that carry this run's token (the server refuses a POST without it).
"use strict";
window.swrules = {
  token: function () {
    var meta = document.querySelector('meta[name="swrules-token"]');
    return meta ? meta.content : "";
  },
  post: function (url, body, headers) {
    var h = {"X-Swrules-Token": window.swrules.token()};
    if (typeof body !== "string" && !(body instanceof Blob)) {
      body = JSON.stringify(body);
      h["Content-Type"] = "application/json";
    }
    for (var k in headers || {}) { h[k] = headers[k]; }
    return fetch(url, {method: "POST", body: body, headers: h, credentials: "same-origin"});
  },
};
