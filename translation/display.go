package translation

// DisplayToken is one part of a segment text as a page shows it: literal
// text (shown as is: braces need no escaping), a soft line break, or a
// placeholder chip.
type DisplayToken struct {
	Text        string       // literal text, when Placeholder is nil and Break is false
	Break       bool         // a soft line break ("\n" in the notation)
	Placeholder *Placeholder // the placeholder, with its bytes and label
	Ref         string       // the placeholder's notation, e.g. "{1}", for data attributes
}

// DisplayTokens splits a segment's source or target for display. Only the
// declared placeholders are chips; any other brace is text.
func DisplayTokens(text string, phs []Placeholder) []DisplayToken {
	byKey := placeholderMap(phs)
	var out []DisplayToken
	for _, t := range parseNotation(text, declaredBy(phs)) {
		if t.kind != tokText {
			p := byKey[t.kind.placeholderKind()+":"+t.id]
			out = append(out, DisplayToken{Placeholder: &p, Ref: placeholderRef(p.Kind, p.ID)})
			continue
		}
		s := t.text
		for s != "" {
			i := 0
			for i < len(s) && s[i] != '\n' {
				i++
			}
			if i > 0 {
				out = append(out, DisplayToken{Text: s[:i]})
			}
			if i < len(s) {
				out = append(out, DisplayToken{Break: true})
				i++
			}
			s = s[i:]
		}
	}
	return out
}
