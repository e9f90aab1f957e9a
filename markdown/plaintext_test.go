package markdown

import (
	"strings"
	"testing"
)

func TestPlainText(t *testing.T) {
	src := "# Area of a circle\n\nThe **area** is [π r²](https://example.org \"x\").\n\n![A circle with radius r](c.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode here\n```\n\n<div>raw</div>\n"
	got := PlainText(src)
	for _, want := range []string{"Area of a circle", "The area is π r².", "A circle with radius r", "code here", "1 2"} {
		if !strings.Contains(got, want) {
			t.Errorf("plain text lacks %q:\n%s", want, got)
		}
	}
	for _, not := range []string{"https://", "c.png", "<div>", "**", "raw"} {
		if strings.Contains(got, not) {
			t.Errorf("plain text keeps %q:\n%s", not, got)
		}
	}
}

func TestInspect(t *testing.T) {
	f := Inspect("# T\n\n## U\n\n![](a.png) ![alt](b.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
	if f.Headings != 2 || f.Images != 2 || f.ImagesNoAlt != 1 || f.Tables != 1 || f.TablesNoHeader != 0 {
		t.Errorf("features %+v", f)
	}
}
