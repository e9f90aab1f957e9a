package frontend

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// physical matches CSS and script that name a side of the screen instead of a side of the text:
// margin-left, padding-right, border-left, left:/right:, text-align: left, float: right, and
// their script forms (style.marginLeft, style.left). Right-to-left pages (Arabic, Hebrew, Persian,
// Urdu) mirror only what is written with logical properties: margin-inline-start,
// padding-inline-end, border-inline-start, inset-inline-start, text-align: start, float: inline-start.
var (
	physicalCSS = regexp.MustCompile(`(?i)\b(margin|padding|border|scroll-margin|scroll-padding)-(left|right)\b|` +
		`(^|[\s;{])(left|right)\s*:|text-align\s*:\s*(left|right)\b|float\s*:\s*(left|right)\b|clear\s*:\s*(left|right)\b`)
	physicalScript = regexp.MustCompile(`\.style\.(margin|padding|border|scrollMargin|scrollPadding)(Left|Right)|\.style\.(left|right)\b|` +
		`style\s*=\s*"[^"]*\b(left|right)\s*:|setProperty\(\s*['"](margin|padding|border)-(left|right)`)
)

// fourSides matches a shorthand of four values (top right bottom left): lopsided when its right
// and left differ, which a right-to-left page does not mirror.
var fourSides = regexp.MustCompile(`\b(margin|padding|inset|scroll-margin|scroll-padding|border-width|border-style|border-color)\s*:\s*([^\s;{}]+)\s+([^\s;{}]+)\s+([^\s;{}]+)\s+([^\s;{}!]+)\s*(!important)?\s*[;}]`)

// physical finds the first physical property in a line of a file of kind ext.
func physical(ext, line string) string {
	if ext == ".css" {
		if m := physicalCSS.FindString(line); m != "" {
			return m
		}
		for _, m := range fourSides.FindAllStringSubmatch(line, -1) {
			if m[3] != m[5] {
				return m[0]
			}
		}
	}
	return physicalScript.FindString(line)
}

// TestStylesUseLogicalProperties reads our stylesheets, the inline styles of the templates and
// the scripts of frontend/src and static/: none may name left or right.
func TestStylesUseLogicalProperties(t *testing.T) {
	var files []string
	for _, root := range []string{"static", "src", "templates"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if ext := filepath.Ext(p); !d.IsDir() && (ext == ".css" || ext == ".js" || ext == ".html") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 10 {
		t.Fatalf("found only %v", files)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if m := physical(filepath.Ext(f), line); m != "" && !strings.Contains(line, "physical-ok") {
				t.Errorf("%s:%d names a side of the screen (%q); use the logical property: %s", f, i+1, strings.TrimSpace(m), strings.TrimSpace(line))
			}
		}
	}
}

// A line that really means the screen (a caret drawn by a library, say) says physical-ok and why.
func TestPhysicalPatternCatches(t *testing.T) {
	for _, bad := range []string{"a { margin-left: 1rem }", ".x{left:0}", "p { text-align: right; }", "img { float: left }",
		"el.style.borderLeftColor = c;", "el.style.left = '3px';", `<div style="right: 0">`, ".c { margin: .25rem 0 .25rem 3rem; }"} {
		if physical(".css", bad) == "" {
			t.Errorf("missed %q", bad)
		}
	}
	for _, good := range []string{"a { margin-inline-start: 1rem }", ".x{inset-inline-start:0}", "p { text-align: end; }",
		"el.style.borderInlineStartColor = c;", ".c { margin: 0 1rem 0 1rem; }", ".c { padding: 0 1rem; }"} {
		if physical(".css", good) != "" {
			t.Errorf("flagged %q", good)
		}
	}
	for _, good := range []string{"this.left = new Map();", "// people who left: say so"} {
		if physical(".js", good) != "" {
			t.Errorf("flagged %q", good)
		}
	}
}
