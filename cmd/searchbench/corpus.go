package main

import (
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/commonplace/commonplace/markdown"
)

// A language's real text, cut into sentences, from which documents,
// titles and queries are drawn.
type corpus struct {
	Lang      string
	Sentences []string
	Words     []string // distinct words (for CJK: two-character pieces)
}

// The ten languages and where their text comes from: the lesson corpus of
// the translation tests (CC BY; en, es, ar, zh), the editing traces'
// final texts (CC BY 4.0; English) and, for the other six, the translated
// messages that the machine's own free software ships in gettext catalogues
// (/usr/share/locale/<lang>/LC_MESSAGES/*.mo, GPL/LGPL): real sentences a
// person wrote in that language. Nothing is copied into the repository.
var languages = []string{"en", "es", "ar", "zh-Hans", "fr", "de", "pt", "ru", "ja", "hi"}

func loadCorpora(repo, shared string) ([]*corpus, error) {
	var out []*corpus
	for _, lang := range languages {
		c := &corpus{Lang: lang}
		var texts []string
		switch lang {
		case "en", "es", "ar", "zh-Hans":
			prefix := strings.SplitN(lang, "-", 2)[0]
			files, _ := filepath.Glob(filepath.Join(repo, "translation", "testdata", "lessons", prefix+"-*.md"))
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					return nil, err
				}
				texts = append(texts, markdown.PlainText(string(b)))
			}
			if lang == "en" {
				for _, tr := range []string{"automerge-paper.json.gz", "seph-blog1.json.gz"} {
					t, err := traceText(filepath.Join(shared, "traces", tr))
					if err != nil {
						return nil, err
					}
					texts = append(texts, markdown.PlainText(t))
				}
			}
		default:
			files, _ := filepath.Glob(filepath.Join("/usr/share/locale", lang, "LC_MESSAGES", "*.mo"))
			for _, f := range files {
				msgs, err := moStrings(f)
				if err != nil {
					continue
				}
				texts = append(texts, strings.Join(msgs, "\n"))
			}
		}
		for _, t := range texts {
			c.Sentences = append(c.Sentences, sentences(t)...)
		}
		if len(c.Sentences) < 50 {
			return nil, fmt.Errorf("too little %s text (%d sentences); the lessons, the traces or the gettext catalogues are missing", lang, len(c.Sentences))
		}
		c.Words = words(c.Sentences, lang)
		out = append(out, c)
	}
	return out, nil
}

func traceText(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return "", err
	}
	var t struct {
		EndContent string `json:"endContent"`
	}
	if err := json.NewDecoder(zr).Decode(&t); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return t.EndContent, nil
}

var sentenceEnd = regexp.MustCompile(`[.!?。！？؟।]+\s*|\n+`)

func sentences(text string) []string {
	var out []string
	for _, s := range sentenceEnd.Split(text, -1) {
		s = strings.TrimSpace(strings.Join(strings.Fields(s), " "))
		if n := utf8.RuneCountInString(s); n >= 12 && n <= 400 && !strings.ContainsAny(s, "%{}<>\\") {
			out = append(out, s)
		}
	}
	return out
}

var wordRe = regexp.MustCompile(`[\p{L}\p{M}]{4,}`)
var hanRe = regexp.MustCompile(`[\p{Han}\p{Hiragana}\p{Katakana}]{2,}`)

func words(sents []string, lang string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range sents {
		var ws []string
		if lang == "zh-Hans" || lang == "ja" {
			for _, run := range hanRe.FindAllString(s, -1) {
				r := []rune(run)
				for i := 0; i+1 < len(r); i += 2 {
					ws = append(ws, string(r[i:i+2]))
				}
			}
		} else {
			ws = wordRe.FindAllString(s, -1)
		}
		for _, w := range ws {
			w = strings.ToLower(w)
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// moStrings reads the translations (msgstr) of a GNU gettext .mo file: a
// header, then a table of (length, offset) pairs for the translated strings.
func moStrings(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 28 {
		return nil, fmt.Errorf("read %s: %v", path, err)
	}
	var order binary.ByteOrder = binary.LittleEndian
	if order.Uint32(b) != 0x950412de {
		order = binary.BigEndian
	}
	if order.Uint32(b) != 0x950412de {
		return nil, fmt.Errorf("%s is not a .mo file", path)
	}
	n, trans := order.Uint32(b[8:]), order.Uint32(b[16:])
	var out []string
	for i := uint32(0); i < n; i++ {
		at := trans + 8*i
		if int(at)+8 > len(b) {
			break
		}
		l, off := order.Uint32(b[at:]), order.Uint32(b[at+4:])
		if int(off+l) > len(b) || l == 0 {
			continue
		}
		for _, s := range strings.Split(string(b[off:off+l]), "\x00") { // plural forms
			if utf8.ValidString(s) && !strings.Contains(s, "Content-Type:") {
				out = append(out, s)
			}
		}
	}
	return out, nil
}
