package interchange

import "testing"

func TestRewriteImageRefs(t *testing.T) {
	md := "![cell](images/cell.png) and ![x](<images/x y.png>) and [a link](https://example.org)\n<img src=\"cell.png\" alt=\"c\">\n"
	imgs := []Image{{Name: "cell.png"}, {Name: "x y.png"}}
	got := RewriteImageRefs(md, func(src string) (string, bool) {
		if i := FindImage(imgs, src); i >= 0 {
			return "/r/1/images/" + imgs[i].Name, true
		}
		return "", false
	})
	want := "![cell](/r/1/images/cell.png) and ![x](</r/1/images/x y.png>) and [a link](https://example.org)\n<img src=\"/r/1/images/cell.png\" alt=\"c\">\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
