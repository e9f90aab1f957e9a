package media

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
)

// SVG sanitising: the image is read as XML (UTF-8 only, no entities beyond XML's five, no
// document type, no processing instructions) and written anew from allow lists. What runs
// code or reaches the network is left out: scripts, event handlers, foreignObject, animation
// (it can rewrite links), feImage, <a> (its children are kept), every reference that is not a
// fragment of the image itself (href, url(…) in attributes and styles, xml:base), and
// elements of other vocabularies (editor metadata) with their content. The service also sends
// SVG with a sandboxing Content-Security-Policy, so a gap here is not an open door.
//
// No Go library on the module proxy does this (tinywasm/svg and hamochi/safesvg are refused;
// bluemonday's HTML parser lowercases viewBox and other camelCase names), so the allow lists
// are ours: docs/decisions.md.

const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
	xmlNS   = "http://www.w3.org/XML/1998/namespace"

	maxSVGDepth    = 64
	maxSVGElements = 100_000
)

// svgElements may be written; every other element is left out with its content, except
// those in svgUnwrap, whose children are kept.
var svgElements = set(
	"svg", "g", "defs", "title", "desc", "symbol", "use", "switch",
	"path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
	"text", "tspan", "textPath",
	"linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "marker",
	"image", "style",
	"filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feFuncR", "feFuncG", "feFuncB", "feFuncA",
	"feComposite", "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
	"feDropShadow", "feFlood", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset",
	"fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
)

var svgUnwrap = set("a")

// presentation properties: attributes, and the only declarations kept in style attributes.
var svgPresentation = set(
	"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
	"stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "opacity", "color",
	"stop-color", "stop-opacity", "clip-path", "clip-rule", "mask", "marker-start", "marker-mid", "marker-end",
	"font-family", "font-size", "font-weight", "font-style", "font-variant", "font-stretch", "text-anchor",
	"dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing", "word-spacing",
	"text-decoration", "writing-mode", "direction", "unicode-bidi", "visibility", "display", "overflow",
	"vector-effect", "shape-rendering", "text-rendering", "image-rendering", "color-interpolation",
	"color-interpolation-filters", "filter", "flood-color", "flood-opacity", "lighting-color", "paint-order",
	"mix-blend-mode", "isolation", "white-space",
)

var svgAttributes = set(
	"id", "class", "style", "lang", "role", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden",
	"version", "baseProfile", "requiredFeatures", "requiredExtensions", "systemLanguage",
	"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "width", "height",
	"d", "points", "pathLength", "viewBox", "preserveAspectRatio", "transform",
	"dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side",
	"gradientUnits", "gradientTransform", "spreadMethod", "offset", "patternUnits", "patternContentUnits",
	"patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits", "markerUnits", "markerWidth",
	"markerHeight", "refX", "refY", "orient",
	"filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode", "type", "values",
	"operator", "k1", "k2", "k3", "k4", "order", "kernelMatrix", "divisor", "bias", "targetX", "targetY",
	"edgeMode", "kernelUnitLength", "preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant",
	"specularExponent", "azimuth", "elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ",
	"limitingConeAngle", "scale", "xChannelSelector", "yChannelSelector", "radius", "baseFrequency",
	"numOctaves", "seed", "stitchTiles", "tableValues", "slope", "intercept", "amplitude", "exponent",
)

var (
	fragmentRef = regexp.MustCompile(`^#[A-Za-z_][A-Za-z0-9_.:-]*$`)
	dataImage   = regexp.MustCompile(`^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$`)
	cssURL      = regexp.MustCompile(`(?i)url\(\s*['"]?\s*([^)'"\s]*)`)
	cssDecl     = regexp.MustCompile(`^\s*([a-zA-Z-]+)\s*:\s*(.*?)\s*$`)
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// SanitizeSVG rewrites an SVG image from the allow lists. A file that is not well-formed
// UTF-8 XML with an <svg> root is refused with an *Error (ErrMalformed).
func SanitizeSVG(data []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.CharsetReader = func(label string, _ io.Reader) (io.Reader, error) {
		return nil, errors.New("only UTF-8 SVG is accepted, not " + label)
	}
	w := &svgWriter{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &Error{Kind: ErrMalformed, Reason: "the SVG image is not well-formed XML", Cause: err}
		}
		if err := w.token(tok); err != nil {
			return nil, err
		}
	}
	if !w.rootDone {
		return nil, refuse(ErrMalformed, "the SVG image has no <svg> element")
	}
	return w.out.Bytes(), nil
}

type svgWriter struct {
	out      bytes.Buffer
	stack    []frame
	skip     int // depth inside an element left out with its content
	elements int
	rootDone bool
	inStyle  *bytes.Buffer // the text of a <style> being read
}

type frame struct {
	name    string
	written bool
}

func (w *svgWriter) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		return w.start(t)
	case xml.EndElement:
		return w.end()
	case xml.CharData:
		if w.skip > 0 || len(w.stack) == 0 {
			return nil
		}
		if w.inStyle != nil {
			w.inStyle.Write(t)
			return nil
		}
		_ = xml.EscapeText(&w.out, t)
	}
	// Comments, processing instructions and directives (DOCTYPE) are left out.
	return nil
}

func (w *svgWriter) start(t xml.StartElement) error {
	if w.skip > 0 {
		w.skip++
		return nil
	}
	if w.inStyle != nil { // markup inside a style sheet is not CSS
		w.skip = 1
		return nil
	}
	if w.rootDone && len(w.stack) == 0 {
		return refuse(ErrMalformed, "the SVG image has content after its root element")
	}
	w.elements++
	if w.elements > maxSVGElements || len(w.stack) >= maxSVGDepth {
		return refuse(ErrTooLarge, "the SVG image is too deeply nested or has too many elements")
	}
	name := t.Name.Local
	ours := t.Name.Space == svgNS || t.Name.Space == ""
	if len(w.stack) == 0 && (!ours || name != "svg") {
		return refuse(ErrMalformed, "the file's root element is not <svg>")
	}
	switch {
	case ours && svgElements[name]:
	case ours && svgUnwrap[name]:
		w.stack = append(w.stack, frame{name: name})
		return nil
	default:
		w.skip = 1
		return nil
	}
	if name == "style" {
		if !styleTypeOK(t.Attr) {
			w.skip = 1
			return nil
		}
		w.stack = append(w.stack, frame{name: name})
		w.inStyle = &bytes.Buffer{}
		return nil
	}
	w.out.WriteString("<" + name)
	if len(w.stack) == 0 {
		w.out.WriteString(` xmlns="` + svgNS + `" xmlns:xlink="` + xlinkNS + `"`)
	}
	for _, a := range t.Attr {
		if k, v, ok := keepAttr(name, a); ok {
			w.out.WriteString(" " + k + `="`)
			_ = xml.EscapeText(&w.out, []byte(v))
			w.out.WriteString(`"`)
		}
	}
	w.out.WriteString(">")
	w.stack = append(w.stack, frame{name: name, written: true})
	return nil
}

func (w *svgWriter) end() error {
	if w.skip > 0 {
		w.skip--
		return nil
	}
	if len(w.stack) == 0 {
		return nil
	}
	f := w.stack[len(w.stack)-1]
	w.stack = w.stack[:len(w.stack)-1]
	if f.name == "style" && w.inStyle != nil {
		if css := w.inStyle.String(); styleSheetOK(css) {
			w.out.WriteString(`<style type="text/css">`)
			_ = xml.EscapeText(&w.out, []byte(css))
			w.out.WriteString("</style>")
		}
		w.inStyle = nil
		return nil
	}
	if f.written {
		w.out.WriteString("</" + f.name + ">")
	}
	if len(w.stack) == 0 {
		w.rootDone = true
	}
	return nil
}

// keepAttr decides one attribute: its name as written and its value, or ok=false to leave it out.
func keepAttr(elem string, a xml.Attr) (string, string, bool) {
	local, space := a.Name.Local, a.Name.Space
	switch {
	case space == "xmlns" || (space == "" && local == "xmlns"):
		return "", "", false // declarations are written on the root, once
	case space == xmlNS || space == "xml":
		if local == "space" && (a.Value == "default" || a.Value == "preserve") {
			return "xml:space", a.Value, true
		}
		if local == "lang" && safeValue(a.Value) {
			return "xml:lang", a.Value, true
		}
		return "", "", false // xml:base would move every relative reference
	case local == "href" && (space == xlinkNS || space == "xlink" || space == ""):
		v := strings.TrimSpace(a.Value)
		if fragmentRef.MatchString(v) || (elem == "image" && dataImage.MatchString(v)) {
			return "xlink:href", v, true
		}
		return "", "", false
	case space != "" && space != svgNS:
		return "", "", false
	case strings.HasPrefix(strings.ToLower(local), "on"):
		return "", "", false
	case local == "style":
		v := cleanStyle(a.Value)
		return "style", v, v != ""
	case svgAttributes[local] || svgPresentation[local]:
		if !safeValue(a.Value) {
			return "", "", false
		}
		return local, a.Value, true
	}
	return "", "", false
}

// safeValue refuses values that could reach outside the image or hide such a reach.
func safeValue(v string) bool {
	l := strings.ToLower(v)
	if strings.Contains(l, "javascript:") || strings.Contains(l, "expression(") || strings.ContainsAny(v, `\<`) {
		return false
	}
	for _, m := range cssURL.FindAllStringSubmatch(v, -1) {
		if !strings.HasPrefix(m[1], "#") {
			return false
		}
	}
	return true
}

// cleanStyle keeps the presentation declarations of a style attribute whose values are safe.
func cleanStyle(style string) string {
	var kept []string
	for _, decl := range strings.Split(style, ";") {
		m := cssDecl.FindStringSubmatch(decl)
		if m == nil {
			continue
		}
		prop := strings.ToLower(m[1])
		if svgPresentation[prop] && safeValue(m[2]) && !strings.Contains(m[2], "@") {
			kept = append(kept, prop+":"+m[2])
		}
	}
	return strings.Join(kept, ";")
}

func styleTypeOK(attrs []xml.Attr) bool {
	for _, a := range attrs {
		if a.Name.Local == "type" && a.Value != "text/css" {
			return false
		}
	}
	return true
}

// styleSheetOK accepts a <style> sheet only when it cannot import, load fonts or reach out:
// no at-rules, no escapes, no markup, url(…) only to fragments.
func styleSheetOK(css string) bool {
	return !strings.Contains(css, "@") && safeValue(css)
}
