/*
 * fold.js: how the atlas folds names, with the rules of landscape/_text.py.
 *
 * landscapeFold(table) returns two functions:
 *   text(s)  the base fold (landscape._text.fold): NFKD, combining marks dropped,
 *            case folded, apostrophes dropped, every run of characters that are
 *            not letters or digits turned into one space, ends trimmed;
 *   place(s) the place fold used by the search (landscape._text.fold_place): the
 *            base fold, leading prefix words (Kec., Desa, Ds. ...) dropped while a
 *            word follows, abbreviated words written out (Sei, Sg., Sng. = Sungai;
 *            Tj. = Tanjung; Ng. = Nanga), and those of table.beforeName only where
 *            a word follows them (S. Ana = Sungai Ana).
 * The table of apostrophes, prefix words and abbreviations is not written here:
 * the page's data carries it (DATA.fold, from landscape._text.place_fold_table),
 * so the search and the Python side read one table.
 *
 * JavaScript has no full case folding: toLowerCase() plus the two letters whose
 * case folding differs from their lower case in names (ß -> ss, final ς -> σ).
 */
function landscapeFold(table) {
  "use strict";

  var apostrophes = new RegExp("[" + table.apostrophes.replace(/[\\\]^-]/g, "\\$&") + "]", "g");
  var prefixes = new Set(table.prefixes);
  var words = table.words;
  var beforeName = table.beforeName || {};
  var own = Object.prototype.hasOwnProperty;

  function text(value) {
    return String(value).normalize("NFKD").replace(/\p{M}/gu, "")
      .toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ")
      .replace(apostrophes, "")
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function place(value) {
    var parts = text(value).split(" ").filter(Boolean);
    while (parts.length > 1 && prefixes.has(parts[0])) { parts.shift(); }
    return parts.map(function (word, i) {
      var full = own.call(words, word) ? words[word] : word;
      return i < parts.length - 1 && own.call(beforeName, full) ? beforeName[full] : full;
    }).join(" ");
  }

  return { text: text, place: place };
}
