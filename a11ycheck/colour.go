package a11ycheck

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Colour words in English, Spanish (all genders and numbers) and French.
const (
	enColours = `red|green|blue|yellow|orange|purple|violet|pink|brown|grey|gray|black|white|cyan|magenta`
	esColours = `roj[oa]s?|verdes?|azul(?:es)?|amarill[oa]s?|naranjas?|morad[oa]s?|rosas?|rosad[oa]s?|marr[oó]n(?:es)?|gris(?:es)?|negr[oa]s?|blanc[oa]s?|violetas?`
	frColours = `rouges?|verte?s?|bleue?s?|jaunes?|oranges?|violette?s?|roses?|marron|grise?s?|noire?s?|blanche?s?|blancs?`
)

// After "in"/"en", white is left out: "en blanco", "en blanc" mean "blank" (a blank line, leave
// it blank), and "in white" is rarely an instruction.
const (
	enInColours = `red|green|blue|yellow|orange|purple|violet|pink|brown|grey|gray|black|cyan|magenta`
	esInColours = `roj[oa]s?|verdes?|azul(?:es)?|amarill[oa]s?|naranjas?|morad[oa]s?|rosas?|rosad[oa]s?|marr[oó]n(?:es)?|gris(?:es)?|negr[oa]s?|violetas?`
	frInColours = `rouges?|verte?s?|bleue?s?|jaunes?|oranges?|violette?s?|roses?|marron|grise?s?|noire?s?`
)

// Things an instruction points at ("the red words").
const (
	enThings = `words?|text|ones?|parts?|items?|letters?|lines?|cells?|boxes?|squares?|circles?|arrows?|sections?|numbers?|sentences?|terms?|answers?|options?|buttons?|bits?|rows?|columns?|dots?|labels?|areas?|highlights?`
	esThings = `palabras?|textos?|partes?|letras?|l[ií]neas?|celdas?|casillas?|cuadros?|c[ií]rculos?|flechas?|n[uú]meros?|frases?|oraciones?|t[eé]rminos?|respuestas?|opciones?|botones?|filas?|columnas?|zonas?|[aá]reas?`
	frThings = `mots?|textes?|parties?|lettres?|lignes?|cellules?|cases?|carr[ée]s?|cercles?|fl[eè]ches?|nombres?|phrases?|termes?|r[ée]ponses?|options?|boutons?|rang[ée]es?|colonnes?|zones?`
)

// colourOnly matches instructions that point at something by its colour alone.
var colourOnly = []*regexp.Regexp{
	// "the red words", "the green ones", "any blue boxes"
	regexp.MustCompile(`(?i)\b(?:the|those|these|all|any|each)\s+(?:` + enColours + `)\s+(?:` + enThings + `)\b`),
	// "in red", "in green", "shown in blue", "highlighted in yellow", "coloured red"
	regexp.MustCompile(`(?i)\b(?:(?:shown|written|printed|marked|highlighted|underlined|circled|colou?red|displayed|appears?|are|is)\s+)?in\s+(?:` + enInColours + `)\b`),
	regexp.MustCompile(`(?i)\b(?:highlighted|colou?red|marked|circled|underlined)\s+(?:` + enColours + `)\b`),
	// "las palabras rojas", "en rojo", "marcadas en verde", "de color azul"
	regexp.MustCompile(`(?i)\b(?:las?|los|el)\s+(?:` + esThings + `)\s+(?:en\s+(?:` + esInColours + `)|(?:` + esColours + `))\b`),
	regexp.MustCompile(`(?i)\ben\s+(?:color\s+)?(?:` + esInColours + `)\b`),
	regexp.MustCompile(`(?i)\bde\s+color\s+(?:` + esColours + `)\b`),
	// "les mots en bleu", "en rouge", "surlignés en jaune", "les mots rouges"
	regexp.MustCompile(`(?i)\b(?:les?|la|l')\s*(?:` + frThings + `)\s+(?:en\s+(?:` + frInColours + `)|(?:` + frColours + `))\b`),
	regexp.MustCompile(`(?i)\ben\s+(?:` + frInColours + `)\b`),
}

// checkColour flags instructions that rely on colour. The patterns run only around colour
// words (most paragraphs have none), and a phrase is reported once, however many patterns find it.
func (c *checker) checkColour() {
	for _, p := range c.prose {
		text := string(p.text)
		if !anyColour(text) {
			continue
		}
		var taken []span
		for _, w := range colourWords(text) {
			from, to := runeBoundary(text, w.start-40), runeBoundary(text, w.end+40)
			window := text[from:to]
			for _, re := range colourOnly {
				for _, m := range re.FindAllStringIndex(window, -1) {
					m0, m1 := m[0]+from, m[1]+from
					if m0 > w.start || m1 < w.end || overlaps(taken, m0, m1) || blackAndWhite.MatchString(text[m1:]) {
						continue
					}
					taken = append(taken, span{m0, m1})
					start, end := p.span(m0, m1)
					phrase := strings.TrimSpace(text[m0:m1])
					context := text[runeBoundary(text, m0-30):runeBoundary(text, m1+30)]
					c.add(ColorOnly, DetailColour, start, end, context, "phrase", phrase)
				}
			}
		}
	}
}

var colourWord = regexp.MustCompile(`^(?i:` + enColours + `|` + esColours + `|` + frColours + `)$`)

// colourWords are the spans of the words of text that name a colour.
func colourWords(text string) []span {
	var out []span
	start := -1
	for i, r := range text + " " {
		letter := unicode.IsLetter(r)
		if letter && start < 0 {
			start = i
		}
		if !letter && start >= 0 {
			if i-start <= 12 && colourWord.MatchString(text[start:i]) {
				out = append(out, span{start, i})
			}
			start = -1
		}
	}
	return out
}

// runeBoundary clamps i to text and moves it back to the start of a character.
func runeBoundary(text string, i int) int {
	i = max(0, min(i, len(text)))
	for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}

// colourStems start every colour word of the three languages.
var colourStems = strings.Fields(`red green blue yellow orange purple violet pink brown grey gray black white cyan magenta
	roj verde azul amarill naranj morad rosa marr gris negr blanc rouge vert bleu jaune rose noir`)

// anyColour is a cheap first test: most paragraphs name no colour at all.
func anyColour(text string) bool {
	lower := strings.ToLower(text)
	for _, s := range colourStems {
		if strings.Contains(lower, s) {
			return true
		}
	}
	return false
}

// blackAndWhite follows "in black" when the text speaks of print, not of colour-coding.
var blackAndWhite = regexp.MustCompile(`(?i)^\s*(?:and|&|y|et|e)\s+(?:white|blanco|blanc)`)

func overlaps(taken []span, start, end int) bool {
	for _, t := range taken {
		if start < t.end && end > t.start {
			return true
		}
	}
	return false
}
