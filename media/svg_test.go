package media

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
)

func TestSanitizeSVGKeepsDrawings(t *testing.T) {
	in := `<?xml version="1.0" encoding="UTF-8"?>
<!-- made by hand -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50" width="100" height="50" role="img" aria-labelledby="t">
  <title id="t">Two cells</title>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#36c"/><stop offset="1" stop-color="#fff"/></linearGradient></defs>
  <style type="text/css">.cell { stroke: #333; stroke-width: 2 }</style>
  <g class="cell" fill="url(#g)" style="opacity: 0.9; fill-opacity: 1">
    <rect x="5" y="5" width="40" height="40" rx="4"/>
    <circle cx="75" cy="25" r="20"/>
  </g>
  <use xlink:href="#t" x="1"/>
  <text x="50" y="48" text-anchor="middle" xml:space="preserve">a &lt; b</text>
</svg>`
	out, err := SanitizeSVG([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50"`,
		`<title id="t">Two cells</title>`, `<stop offset="0" stop-color="#36c"></stop>`, `fill="url(#g)"`,
		`style="opacity:0.9;fill-opacity:1"`, `<style type="text/css">.cell { stroke: #333; stroke-width: 2 }</style>`,
		`<use xlink:href="#t" x="1"></use>`, `xml:space="preserve">a &lt; b</text>`, `role="img" aria-labelledby="t"`} {
		if !strings.Contains(s, want) {
			t.Errorf("lost %s in\n%s", want, s)
		}
	}
	// The output is itself clean: a second pass changes nothing.
	again, err := SanitizeSVG(out)
	if err != nil || string(again) != s {
		t.Errorf("not idempotent: %v\n%s\n%s", err, s, again)
	}
}

func TestSanitizeSVGRemovesWhatRunsOrReachesOut(t *testing.T) {
	attacks := map[string]string{
		"script":           `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="1" height="1"/></svg>`,
		"handler":          `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect onclick="alert(1)" OnMouseOver="x" width="1"/></svg>`,
		"foreignObject":    `<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script><iframe src="https://evil.example"/></body></foreignObject></svg>`,
		"javascript link":  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"><text>click</text></a></svg>`,
		"external use":     `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="https://evil.example/x.svg#a"/><use href="data:image/svg+xml;base64,PHN2Zz4="/></svg>`,
		"external image":   `<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/track.png" width="1" height="1"/></svg>`,
		"css url":          `<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(https://evil.example/x)" fill="url('https://evil.example/y')" width="1"/></svg>`,
		"css import":       `<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css);</style><rect width="1"/></svg>`,
		"css escape":       `<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: \75rl(https://evil.example) }</style><rect width="1"/></svg>`,
		"animate href":     `<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>`,
		"xml base":         `<svg xmlns="http://www.w3.org/2000/svg" xml:base="https://evil.example/"><use href="#a"/></svg>`,
		"feImage":          `<svg xmlns="http://www.w3.org/2000/svg"><filter id="f"><feImage href="https://evil.example/x.png"/></filter></svg>`,
		"html namespace":   `<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script><h:iframe src="https://evil.example"/></svg>`,
		"editor metadata":  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"><sodipodi:namedview onload="x"/><metadata><rdf>https://evil.example</rdf></metadata></svg>`,
		"processing instr": `<?xml-stylesheet href="https://evil.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>`,
	}
	for name, in := range attacks {
		t.Run(name, func(t *testing.T) {
			out, err := SanitizeSVG([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			s := strings.ToLower(string(out))
			for _, bad := range []string{"script", "evil.example", "javascript", "onload", "onclick", "onmouseover", "foreignobject",
				"iframe", "@import", "xml:base", "<set", "<animate", "feimage", "data:image/svg", "xml-stylesheet", "\\75"} {
				if strings.Contains(s, bad) {
					t.Errorf("%q survived:\n%s", bad, out)
				}
			}
			if !strings.HasPrefix(s, "<svg") {
				t.Errorf("not an svg: %s", out)
			}
		})
	}
}

func TestSanitizeSVGRefusals(t *testing.T) {
	for name, in := range map[string]string{
		"entity":       `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>`,
		"not svg root": `<html xmlns="http://www.w3.org/1999/xhtml"><svg/></html>`,
		"not xml":      `<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>`,
		"latin-1":      `<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg"/>`,
		"two roots":    `<svg xmlns="http://www.w3.org/2000/svg"/><svg xmlns="http://www.w3.org/2000/svg"/>`,
		"deep":         `<svg xmlns="http://www.w3.org/2000/svg">` + strings.Repeat("<g>", 100) + strings.Repeat("</g>", 100) + `</svg>`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := SanitizeSVG([]byte(in))
			var e *Error
			if !errors.As(err, &e) || (!errors.Is(err, ErrMalformed) && !errors.Is(err, ErrTooLarge)) {
				t.Errorf("err = %v, want a refusal", err)
			}
		})
	}
}

func FuzzSanitizeSVG(f *testing.F) {
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><text>t</text></a><style>a{}</style></svg>`))
	f.Add([]byte(`<svg><script>1</script><rect onload="x" style="fill:url(#a);x:y"/></svg>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := SanitizeSVG(data)
		if err != nil {
			return
		}
		again, err := SanitizeSVG(out)
		if err != nil {
			t.Fatalf("sanitised output refused: %v\n%s", err, out)
		}
		if string(again) != string(out) {
			t.Fatalf("not idempotent:\n%s\n%s", out, again)
		}
		dec := xml.NewDecoder(bytes.NewReader(out))
		for {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			el, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			if !svgElements[el.Name.Local] {
				t.Fatalf("element %s written:\n%s", el.Name.Local, out)
			}
			for _, a := range el.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || (a.Name.Local == "href" && !strings.HasPrefix(a.Value, "#") && !strings.HasPrefix(a.Value, "data:image/")) {
					t.Fatalf("attribute %s=%q written:\n%s", a.Name.Local, a.Value, out)
				}
			}
		}
	})
}
