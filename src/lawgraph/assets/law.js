/* lawgraph: a law page's body is deflated and base64-encoded in its lg-body block (see
   exporters/html/lawpages.py); this puts the markup lawgraph wrote (every document text escaped
   there) in its place. inflate.js comes before this in laws/lib/law.js. */
(function () {
  "use strict";
  var el = document.getElementById("lg-body");
  if (!el) { return; }
  var bin = atob(el.textContent.trim()), bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i += 1) { bytes[i] = bin.charCodeAt(i); }
  el.insertAdjacentHTML("beforebegin", new TextDecoder("utf-8").decode(lgInflate(bytes)));
})();
