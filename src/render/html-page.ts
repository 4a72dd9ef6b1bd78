import { createHash } from 'node:crypto';
import { html } from './html-escape.js';

/** What one HTML report is made of: its title and its body, already escaped HTML. */
export interface HtmlPage {
  /** Raw text: escaped here. */
  readonly title: string;
  /** The page's content (HTML built with {@link html} for every input string). */
  readonly body: string;
}

// System fonts only: a web font would be a network request.
const STYLE = `
:root{color-scheme:light;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg2:#f6f8fa;--g:#8c959f;--u:#2da44e;--r:#cf222e;--k:#bf8700;--high:#cf222e;--medium:#bf8700;--low:#0969da}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1200px;padding:1rem 1.5rem 3rem;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg)}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.8rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
code{overflow-wrap:anywhere}
pre{background:var(--bg2);padding:.6rem;overflow:auto;max-height:30rem;border:1px solid var(--line)}
.muted{color:var(--muted)}
.facts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;padding:0;list-style:none}
.facts li{background:var(--bg2);border:1px solid var(--line);padding:.3rem .6rem;border-radius:4px}
.charts{display:flex;flex-wrap:wrap;gap:1rem 2rem}
figure{margin:0}figcaption{font-weight:600;margin-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0}
th,td{border-bottom:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--bg2);position:sticky;top:0;white-space:nowrap}
th[data-sort]{cursor:pointer}th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
details{margin:.35rem 0}summary{cursor:pointer;font-weight:600}
.sev{white-space:nowrap;display:inline-block;min-width:4.2em;text-align:center;border-radius:3px;color:#fff;font-size:12px;padding:0 .3em}
.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}
svg text{font:12px system-ui,sans-serif;fill:var(--fg)}
.bar-g{fill:var(--g)}.bar-u{fill:var(--u)}.bar-r{fill:var(--r)}.bar-k{fill:var(--k)}.bar-high{fill:var(--high)}.bar-medium{fill:var(--medium)}.bar-low{fill:var(--low)}
.rb{width:120px;height:14px}
.legend span{display:inline-block;margin-right:1rem}.legend svg{vertical-align:middle;margin-right:.25rem}
#controls{position:sticky;top:0;background:#fff;padding:.4rem 0;border-bottom:1px solid var(--line);z-index:1}
#controls input{width:22rem;max-width:60%;padding:.2rem .4rem}
ul.ev{margin:0;padding-left:1.1rem}
@media print{#controls{display:none}details{display:block}}
`;

// Only adds to a page that reads whole without it: filtering rows, sorting tables, opening
// every collapsed part. It reads the page's text and never writes input back as HTML.
const SCRIPT = `
(function () {
  'use strict';
  var d = document;
  var controls = d.getElementById('controls');
  if (!controls) return;
  controls.hidden = false;
  var all = function (sel, root) { return Array.prototype.slice.call((root || d).querySelectorAll(sel)); };
  var rows = all('tr[data-row]');
  var filter = d.getElementById('filter');
  var shown = d.getElementById('shown');
  filter.addEventListener('input', function () {
    var q = filter.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (r) {
      var hit = q === '' || r.textContent.toLowerCase().indexOf(q) >= 0;
      r.hidden = !hit;
      if (hit) n++;
    });
    shown.textContent = q === '' ? '' : n + ' of ' + rows.length + ' rows match';
    if (q !== '') all('details').forEach(function (x) { if (x.querySelector('tr[data-row]:not([hidden])')) x.open = true; });
  });
  d.getElementById('expand').addEventListener('click', function () { all('details').forEach(function (x) { x.open = true; }); });
  d.getElementById('collapse').addEventListener('click', function () { all('details').forEach(function (x) { x.open = false; }); });
  var key = function (cell) { var v = cell ? cell.getAttribute('data-v') : null; return v !== null ? v : (cell ? cell.textContent : ''); };
  all('th[data-sort]').forEach(function (th) {
    th.tabIndex = 0;
    var sort = function () {
      var table = th.closest('table');
      var body = table.tBodies[0];
      var col = th.cellIndex;
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      all('th[aria-sort]', table).forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      var numeric = th.getAttribute('data-sort') === 'n';
      var list = Array.prototype.slice.call(body.rows);
      list.sort(function (a, b) {
        var x = key(a.cells[col]), y = key(b.cells[col]);
        if (numeric) return dir * (Number(x) - Number(y));
        return dir * x.localeCompare(y);
      });
      list.forEach(function (r) { body.appendChild(r); });
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
  });
})();
`;

/** `'sha256-…'` of a text, as Content-Security-Policy names an inline style or script. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * One self-contained HTML document: inline CSS, inline script, no request of any kind (no
 * font, image, script or stylesheet from anywhere, the favicon a `data:` URL). A
 * Content-Security-Policy meta tag, with the hashes of this page's own style and script
 * computed here, lets nothing else run or load: an input string that got past escaping
 * still could not execute. The controls the script drives are hidden until it runs, so a
 * reader without JavaScript sees no dead buttons.
 */
export function renderHtmlPage(page: HtmlPage): string {
  const csp = [
    "default-src 'none'",
    `style-src ${cspHash(STYLE)}`,
    `script-src ${cspHash(SCRIPT)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${html(page.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<div id="controls" hidden><input id="filter" type="search" placeholder="Filter rows (role, action, rule…)" aria-label="Filter rows"> <button id="expand" type="button">Expand all</button> <button id="collapse" type="button">Collapse all</button> <span id="shown" class="muted"></span></div>',
    page.body,
    '<footer class="muted"><p>Written by iamtrim. This file makes no network request; the script only sorts, filters and expands.</p></footer>',
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
