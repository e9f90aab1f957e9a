package export

// screenCSS is the stylesheet of exported pages for screens; with PrintStylesheet it is inline in
// HTML and a file in EPUB. The print rules make "Print / Save as PDF" give a clean document: no
// navigation, link targets written out, tables and formulas kept whole, the attribution on the page.
const screenCSS = `html { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", sans-serif; line-height: 1.6; }
body { margin: 0 auto; max-width: 46rem; padding: 1rem; color: #1a1a1a; background: #fff; }
h1, h2, h3, h4 { line-height: 1.25; }
a { color: #0b57d0; }
pre, code, kbd { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
pre { overflow-x: auto; padding: 0.75rem; background: #f4f4f4; border-radius: 4px; }
kbd { border: 1px solid #999; border-radius: 3px; padding: 0 0.25em; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #bbb; padding: 0.3rem 0.6rem; vertical-align: top; }
img { max-width: 100%; height: auto; }
math[display="block"] { display: block; margin: 1rem 0; overflow-x: auto; }
blockquote { margin-inline: 0; padding-inline-start: 1rem; border-inline-start: 4px solid #ccc; }
.summary { font-size: 1.1rem; color: #444; }
.attribution { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid #ccc; font-size: 0.95rem; }
nav.toc ol { padding-inline-start: 1.5rem; }
`

// PrintStylesheet is the @media print block of exported pages, for the site's own stylesheet to
// share: "Print / Save as PDF" gives a clean document with the attribution and licence.
const PrintStylesheet = `@media print {
  body { max-width: none; padding: 0; font-size: 11pt; color: #000; }
  nav.toc { display: none; }
  a { color: inherit; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; word-break: break-all; }
  pre, blockquote, table, figure, img, math[display="block"] { break-inside: avoid; }
  pre { white-space: pre-wrap; background: none; border: 1px solid #999; }
  h1, h2, h3, h4 { break-after: avoid; }
  article + article { break-before: page; }
  .attribution { break-inside: avoid; }
}
`

// css is the whole stylesheet of exported pages.
const css = screenCSS + PrintStylesheet
