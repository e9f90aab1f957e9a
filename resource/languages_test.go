package resource

import "testing"

func TestLanguageFromInput(t *testing.T) {
	for in, want := range map[string]string{
		"es": "es", " pt-br ": "pt-BR", "Spanish (es)": "es", "Brazilian Portuguese (pt-BR)": "pt-BR",
		"spanish": "es", "Español": "es", "ARABIC": "ar", "العربية": "ar", "Swahili": "sw", "Kiswahili": "sw",
		"Simplified Chinese": "zh-Hans", "Klingonese": "Klingonese", "": "", "Nonsense (zz-!!)": "Nonsense (zz-!!)",
	} {
		if got := LanguageFromInput(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func TestLanguageChoicesAreManyNamedAndReadBack(t *testing.T) {
	list := LanguageChoices()
	if len(list) < 150 {
		t.Fatalf("only %d languages offered", len(list))
	}
	seen := map[string]bool{}
	for _, c := range list {
		if c.Name == "" || seen[c.Tag] {
			t.Errorf("bad or repeated choice %+v", c)
		}
		seen[c.Tag] = true
		if got := LanguageFromInput(c.Label()); got != c.Tag {
			t.Errorf("label %q reads back as %q", c.Label(), got)
		}
	}
	for _, tag := range []string{"en", "es", "ar", "sw", "zh-Hans", "pt-BR", "fr-CA", "he", "fa", "ur", "hi", "yo", "am"} {
		if !seen[tag] {
			t.Errorf("%s not offered", tag)
		}
	}
	if LanguageLabel("es-MX") != "Mexican Spanish (es-MX)" || LanguageLabel("") != "" {
		t.Errorf("labels: %q", LanguageLabel("es-MX"))
	}
}

func TestLanguageAutonym(t *testing.T) {
	for tag, want := range map[string]string{"es": "español", "ar": "العربية", "sw": "Kiswahili", "en": "English", "qaa": "qaa", "not a tag!": "not a tag!"} {
		if got := LanguageAutonym(tag); got != want {
			t.Errorf("LanguageAutonym(%q) = %q, want %q", tag, got, want)
		}
	}
}
