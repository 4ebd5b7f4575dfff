// Try a station: a fact file of the folder, an upload, or the form; the result comes back as HTML
// the server rendered (autoescaped) and is shown below.
"use strict";
(function () {
  var choose = document.getElementById("choose");
  if (!choose) { return; }
  var result = document.getElementById("result");
  var policy = choose.dataset.policy;
  var url = "/api/try?policy=" + encodeURIComponent(policy);

  function show(response) {
    return response.text().then(function (body) {
      if (response.ok) {
        result.innerHTML = body;  // server-rendered with autoescape: text from files is never markup
        wire();
      } else {
        var pre = document.createElement("pre");
        pre.className = "problem";
        pre.textContent = body;
        result.replaceChildren(pre);
      }
    });
  }
  function busy() { result.textContent = window.swrules.words("trying"); }

  document.getElementById("policy-select").addEventListener("change", function (ev) {
    location.href = "/try?policy=" + encodeURIComponent(ev.target.value);
  });
  document.getElementById("facts-select").addEventListener("change", function (ev) {
    if (!ev.target.value) { return; }
    busy();
    window.swrules.post(url, {facts: ev.target.value}).then(show);
  });
  document.getElementById("upload").addEventListener("change", function (ev) {
    var file = ev.target.files[0];
    if (!file) { return; }
    busy();
    window.swrules.post(url, file, {"X-File-Name": encodeURIComponent(file.name),
                                    "X-Station": encodeURIComponent(document.getElementById("station-pick").value.trim()),
                                    "Content-Type": "application/octet-stream"}).then(show);
  });
  document.getElementById("facts-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var values = {};
    new FormData(ev.target).forEach(function (v, k) { values[k] = v; });
    busy();
    window.swrules.post(url, {form: values}).then(show);
  });

  function wire() {
    var section = result.querySelector(".result");
    result.querySelectorAll(".open-all").forEach(function (b) {
      b.addEventListener("click", function () { result.querySelectorAll("details.rule").forEach(function (d) { d.open = true; }); });
    });
    result.querySelectorAll(".close-all").forEach(function (b) {
      b.addEventListener("click", function () { result.querySelectorAll("details.rule").forEach(function (d) { d.open = false; }); });
    });
    result.querySelectorAll("a.to-rule").forEach(function (a) {
      a.addEventListener("click", function () {
        var target = document.getElementById(a.getAttribute("href").slice(1));
        if (target) { target.open = true; }
      });
    });
    var save = document.getElementById("save-test");
    if (save && section) {
      save.addEventListener("click", function () {
        var out = document.getElementById("save-status");
        window.swrules.post("/api/save-test", {id: section.dataset.id, name: document.getElementById("test-name").value,
                                               description: ""}).then(function (r) {
          return r.ok ? r.json().then(function (d) { out.textContent = window.swrules.words("saved_case", {path: d.saved}); out.className = "ok"; })
                      : r.text().then(function (m) { out.textContent = m; out.className = "error"; });
        });
      });
    }
  }

  if (choose.dataset.chosen) {
    busy();
    window.swrules.post(url, {facts: choose.dataset.chosen}).then(show);
  }
})();
