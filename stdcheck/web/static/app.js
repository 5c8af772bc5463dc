// stdcheck serve: drag and drop on the check page; progress on the waiting page. Plain JS, no library.
(function () {
  "use strict";
  var drop = document.getElementById("drop"), input = document.getElementById("file"), chosen = document.getElementById("chosen");
  function showChosen() {
    if (!chosen || !input) return;
    var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
    chosen.textContent = names.length ? chosen.getAttribute("data-label") + names.join(chosen.getAttribute("data-sep")) : "";
  }
  if (drop && input) {
    input.addEventListener("change", showChosen);
    ["dragenter", "dragover"].forEach(function (e) {
      drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (e) {
      drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (ev) {
      if (ev.dataTransfer && ev.dataTransfer.files.length) { input.files = ev.dataTransfer.files; showChosen(); }
    });
    var form = document.getElementById("check-form");
    form.addEventListener("submit", function () { document.getElementById("submit").disabled = true; });
  }
  var box = document.getElementById("progress");
  if (box) {
    var text = document.getElementById("progress-text");
    var say = function (key) { return box.getAttribute("data-" + key); };
    var poll = function () {
      fetch(box.getAttribute("data-status"), { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.state !== "queued" && s.state !== "running") { window.location.reload(); return; }
          var parts = [];
          if (s.position) parts.push(say("queued").replace("{n}", s.position));
          else {
            parts.push(s.stage === "reports" ? say("reports") : say("running"));
            if (s.total) parts.push(say("file-of").replace("{done}", Math.min(s.done + 1, s.total)).replace("{total}", s.total));
            if (s.elapsed !== undefined) parts.push(say("elapsed") + " " + s.elapsed + " " + say("seconds"));
          }
          text.textContent = parts.join(" · ");
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    poll();
  }
})();
