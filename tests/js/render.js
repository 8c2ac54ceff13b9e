// Render symml's LaTeX the way its readers do, and report what goes wrong.
//
// stdin: a JSON list of {"id": ..., "tex": ...} (the output of a result's _repr_latex_()).
// stdout: a JSON list of {"id", "mathjax": [problems], "katex": [problems]}; empty lists mean
// the text renders cleanly.
//
// MathJax 3 as in JupyterLab 4 / Notebook 7: the whole string is a text node in which math
// is found between $...$, $$...$$, \(...\), \[...\] and \begin{env}...\end{env}; anything
// else is shown as raw text, so TeX commands outside math are reported. KaTeX (VS Code)
// renders each math piece found the same way, with throwOnError.
"use strict";
const { mathjax } = require("mathjax-full/js/mathjax.js");
const { TeX } = require("mathjax-full/js/input/tex.js");
const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");
const katex = require("katex");

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
// noerrors/noundefined would hide errors as highlighted raw TeX: leave them out to see them
// (bussproofs needs a real output jax for its layout; symml prints no proof trees), nor
// textmacros: without it, as in a plain MathJax setup, \\text{} holds no TeX commands
const packages = AllPackages.filter((p) => !["noerrors", "noundefined", "bussproofs", "textmacros"].includes(p));

function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// TeX that a reader would see as raw text: a command, a brace, an alignment tab, a dollar
const RAW_TEX = /\\[a-zA-Z]+|\\[\\,;:!]|[{}&^_$]/;

function mathNodes(node, kind, found) {
  if (!node) return found;
  if (node.kind === kind) found.push(node);
  for (const child of node.childNodes || []) mathNodes(child, kind, found);
  return found;
}

function nodeText(node) {
  if (node.kind === "text") return node.getText();
  return (node.childNodes || []).map(nodeText).join("");
}

function checkMathJax(tex) {
  const problems = [];
  const html = mathjax.document(`<div>${escapeHtml(tex)}</div>`, {
    InputJax: new TeX({
      packages,
      inlineMath: [["$", "$"], ["\\(", "\\)"]],
      displayMath: [["$$", "$$"], ["\\[", "\\]"]],
      processEscapes: true,
      processEnvironments: true,
    }),
  });
  html.findMath().compile();
  const pieces = [];
  let outside = tex;
  for (const item of html.math) {
    pieces.push({ tex: item.math, display: item.display, open: item.start.delim, close: item.end.delim });
    for (const err of mathNodes(item.root, "merror", [])) {
      const message = err.attributes.get("data-mjx-error") || nodeText(err);
      problems.push(`error: ${message} in ${item.math.slice(0, 120)}`);
    }
    for (const text of mathNodes(item.root, "mtext", [])) {
      const t = nodeText(text);
      if (RAW_TEX.test(t)) problems.push(`raw TeX in text: ${t.slice(0, 120)}`);
    }
    const whole = item.start.delim + item.math + item.end.delim;
    outside = outside.replace(whole, " ");
  }
  outside = outside.replace(/\\\$/g, "");
  if (RAW_TEX.test(outside)) problems.push(`raw TeX outside math: ${outside.trim().slice(0, 160)}`);
  return { problems, pieces };
}

function checkKatex(pieces) {
  const problems = [];
  for (const piece of pieces) {
    const isEnv = piece.open === "";
    const source = isEnv ? piece.tex : piece.tex;
    try {
      const out = katex.renderToString(source, { displayMode: piece.display, throwOnError: true, strict: "ignore" });
      const text = out.replace(/<annotation[\s\S]*?<\/annotation>/g, "").replace(/<[^>]+>/g, "");
      if (/\\[a-zA-Z]+/.test(text)) problems.push(`raw TeX in output: ${source.slice(0, 120)}`);
    } catch (e) {
      problems.push(`error: ${String(e.message).slice(0, 200)}`);
    }
  }
  return problems;
}

let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const items = JSON.parse(input);
  const report = items.map(({ id, tex }) => {
    const { problems, pieces } = checkMathJax(tex);
    if (pieces.length === 0) problems.push("no math found");
    return { id, mathjax: problems, katex: checkKatex(pieces) };
  });
  process.stdout.write(JSON.stringify(report));
});
