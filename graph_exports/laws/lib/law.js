/* lawgraph: raw DEFLATE (RFC 1951) decoding, synchronous, after Mark Adler's puff.c: an agency
   page's data block is deflated and base64-encoded (exporters/html/compact.py). */
var lgInflate = (function () {
  "use strict";
  var LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
  var LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  var DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
    4097, 6145, 8193, 12289, 16385, 24577];
  var DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
  var ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  function huffman(lengths) {  // canonical code: how many codes of each length, symbols in code order
    var count = new Array(16).fill(0), offs = new Array(16).fill(0), symbol = [], i;
    lengths.forEach(function (l) { count[l] += 1; });
    count[0] = 0;
    for (i = 1; i < 15; i += 1) { offs[i + 1] = offs[i] + count[i]; }
    lengths.forEach(function (l, s) { if (l) { symbol[offs[l]] = s; offs[l] += 1; } });
    return { count: count, symbol: symbol };
  }
  return function (src) {
    var pos = 0, buf = 0, cnt = 0, out = [];
    function bits(need) {
      var val = buf;
      while (cnt < need) {
        if (pos >= src.length) { throw new Error("lawgraph: truncated page data"); }
        val |= src[pos] << cnt;
        pos += 1;
        cnt += 8;
      }
      buf = val >> need;
      cnt -= need;
      return val & ((1 << need) - 1);
    }
    function decode(h) {
      var code = 0, first = 0, index = 0;
      for (var len = 1; len < 16; len += 1) {
        code |= bits(1);
        var count = h.count[len];
        if (code - count < first) { return h.symbol[index + (code - first)]; }
        index += count;
        first = (first + count) << 1;
        code <<= 1;
      }
      throw new Error("lawgraph: bad page data");
    }
    function codes(lencode, distcode) {
      for (;;) {
        var sym = decode(lencode);
        if (sym < 256) { out.push(sym); continue; }
        if (sym === 256) { return; }
        sym -= 257;
        var len = LBASE[sym] + bits(LEXT[sym]);
        var d = decode(distcode);
        var from = out.length - (DBASE[d] + bits(DEXT[d]));
        for (var k = 0; k < len; k += 1) { out.push(out[from + k]); }
      }
    }
    var fixed = null, last;
    do {
      last = bits(1);
      var type = bits(2), i;
      if (type === 0) {  // stored
        buf = 0; cnt = 0;
        var n = src[pos] | (src[pos + 1] << 8);
        pos += 4;
        for (i = 0; i < n; i += 1) { out.push(src[pos + i]); }
        pos += n;
      } else if (type === 1) {
        if (!fixed) {
          var l = [];
          for (i = 0; i < 288; i += 1) { l.push(i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8); }
          fixed = [huffman(l), huffman(new Array(30).fill(5))];
        }
        codes(fixed[0], fixed[1]);
      } else if (type === 2) {
        var nlen = bits(5) + 257, ndist = bits(5) + 1, ncode = bits(4) + 4, lengths = new Array(19).fill(0);
        for (i = 0; i < ncode; i += 1) { lengths[ORDER[i]] = bits(3); }
        var lencode = huffman(lengths), all = [];
        while (all.length < nlen + ndist) {
          var sym = decode(lencode), rep = 0, val = 0;
          if (sym < 16) { all.push(sym); continue; }
          if (sym === 16) { val = all[all.length - 1]; rep = 3 + bits(2); }
          else if (sym === 17) { rep = 3 + bits(3); }
          else { rep = 11 + bits(7); }
          for (i = 0; i < rep; i += 1) { all.push(val); }
        }
        codes(huffman(all.slice(0, nlen)), huffman(all.slice(nlen)));
      } else {
        throw new Error("lawgraph: bad page data");
      }
    } while (!last);
    return new Uint8Array(out);
  };
})();
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
