// Package mathml converts LaTeX mathematics (the subset that lessons use: amsmath's fractions,
// roots, scripts, large operators, functions, accents, fences, matrices and alignments, text,
// font styles and spacing) to presentation MathML that browsers and e-readers render natively
// and screen readers speak, with no JavaScript.
//
// The output follows MathML Core: font styles are written with Unicode mathematical
// alphanumeric characters instead of mathvariant (only mathvariant="normal" is used), and the
// TeX source travels along as an annotation (application/x-tex) so it can be copied and
// re-edited. Conversion never fails: an unknown command shows as an <merror> holding its name,
// unbalanced braces are tolerated, and nesting is bounded, so one bad formula cannot take a
// page down.
//
// Why hand-written: see docs/decisions.md ("Mathematics").
package mathml
