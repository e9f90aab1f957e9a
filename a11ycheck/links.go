package a11ycheck

import (
	"regexp"
	"strings"
)

// vagueLinkText are link texts that say nothing of where a link goes (English, Spanish, French,
// Portuguese), compared after lower-casing and trimming punctuation.
var vagueLinkText = map[string]bool{}

func init() {
	for _, s := range []string{
		"here", "click here", "click", "click this", "tap here", "read more", "more", "learn more", "more info", "more information",
		"link", "this link", "here link", "this", "this page", "page", "go", "go here", "details", "continue", "see more", "see here",
		"aquí", "aqui", "clic aquí", "clic aqui", "haga clic aquí", "haz clic aquí", "pulse aquí", "pulsa aquí", "leer más", "más",
		"más información", "ver más", "enlace", "este enlace", "vínculo", "este vínculo", "esta página",
		"ici", "cliquez ici", "cliquer ici", "lire la suite", "en savoir plus", "plus", "lien", "ce lien", "voir plus", "cette page", "suite",
		"clique aqui", "saiba mais", "leia mais", "este link",
	} {
		vagueLinkText[s] = true
	}
}

// citation matches DOI addresses: style guides (APA 7 and others) ask for the DOI written out
// as an address in a reference, so it is not flagged.
var citation = regexp.MustCompile(`(?i)^(https?://)?(dx\.)?doi\.org/`)

var urlText = regexp.MustCompile(`(?i)^(https?://|ftp://|www\.)\S+$`)

func normalLinkText(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.Trim(s, " .,:;!?¡¿…→»«\"'()[]")
}

func (c *checker) checkLinks() {
	for _, l := range c.links {
		t := strings.TrimSpace(l.text)
		switch {
		case l.email:
		case t == "":
			detail := DetailEmptyLink
			if l.images > 0 {
				detail = DetailImageOnlyLink
			}
			c.add(LinkTextEmpty, detail, l.start, l.end, l.dest, "address", shorten(l.dest, 60))
		case (l.auto || urlText.MatchString(t)) && !citation.MatchString(t):
			c.add(LinkTextURL, DetailAddressText, l.start, l.end, t, "address", shorten(t, 60))
		case vagueLinkText[normalLinkText(t)]:
			c.add(LinkTextVague, DetailVagueText, l.start, l.end, t+"|"+l.dest, "text", shorten(t, 40))
		}
	}
}
