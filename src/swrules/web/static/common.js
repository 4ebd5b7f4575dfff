// What every page shares: requests that carry this run's token (the server refuses a POST without it).
"use strict";
window.swrules = {
  token: function () {
    var meta = document.querySelector('meta[name="swrules-token"]');
    return meta ? meta.content : "";
  },
  // The page words the scripts show (base/pagewords.py), from the JSON the page carries.
  words: function (key, values) {
    var all = window.swrules._words || (window.swrules._words =
      JSON.parse((document.getElementById("swrules-words") || {textContent: "{}"}).textContent));
    var text = all[key] || key;
    for (var k in values || {}) { text = text.split("{" + k + "}").join(String(values[k])); }
    return text;
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
