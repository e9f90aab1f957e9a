package search

import (
	"strings"
	"testing"
)

func TestConfigFor(t *testing.T) {
	for tag, want := range map[string]string{"en": "english", "es-MX": "spanish", "pt-BR": "portuguese", "ar": "arabic",
		"zh-Hans": "simple", "ja": "simple", "sw": "simple", "nb": "norwegian", "bogus!": "simple"} {
		if got := ConfigFor(tag); got != want {
			t.Errorf("ConfigFor(%q) = %q, want %q", tag, got, want)
		}
	}
	cs := Configs()
	if len(cs) != 29 || cs[len(cs)-1] != Simple {
		t.Errorf("configs %d: %v", len(cs), cs)
	}
}

func TestBigrams(t *testing.T) {
	if got := Bigrams("开放教育资源 and OER 水"); got != " 开放 放教 教育 育资 资源  and OER  水 " {
		t.Errorf("bigrams %q", got)
	}
	if got := Bigrams("plain text"); got != "plain text" {
		t.Errorf("non-CJK changed: %q", got)
	}
	if got := Bigrams("ひらがなカタカナ"); !strings.Contains(got, "なカ") {
		t.Errorf("kana not bigrammed: %q", got)
	}
	if got := QueryText("开放教育"); got != ` "开放 放教 教育" ` {
		t.Errorf("query %q", got)
	}
	if got := QueryText("教育"); got != " 教育 " {
		t.Errorf("two-character query %q", got)
	}
}

func TestPartsEscapeUserText(t *testing.T) {
	marked := `<script>alert(1)</script> the ` + MarkStart + `<b>plant</b>` + MarkStop + ` grows ` + MarkStart + `fast`
	got := HTML(Parts(marked))
	want := `&lt;script&gt;alert(1)&lt;/script&gt; the <mark>&lt;b&gt;plant&lt;/b&gt;</mark> grows <mark>fast</mark>`
	if got != want {
		t.Errorf("html\n got %s\nwant %s", got, want)
	}
	if Clean("a"+MarkStart+"b"+MarkStop) != "ab" {
		t.Error("Clean keeps marks")
	}
}

func TestCJKParts(t *testing.T) {
	text := strings.Repeat("前言。", 40) + "开放教育资源是免费的。教育很重要。"
	parts := CJKParts(text, "教育", 40)
	hits := 0
	for _, p := range parts {
		if p.Hit {
			hits++
			if p.Text != "教育" {
				t.Errorf("hit %q", p.Text)
			}
		}
	}
	if hits != 2 || !strings.HasPrefix(parts[0].Text, "…") {
		t.Errorf("parts %+v", parts)
	}
	if p := CJKParts("没有", "教育", 10); len(p) != 1 || p[0].Hit {
		t.Errorf("no hit: %+v", p)
	}
}
