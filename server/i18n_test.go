package server_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/commonplace/commonplace/a11ycheck"
	"github.com/commonplace/commonplace/i18n"
)

func getWith(t *testing.T, b *browser, path string, header map[string]string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("GET", b.env.URL+path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, readAll(t, resp), resp.Header
}

// The interface language comes from Accept-Language, then the switcher's
// cookie, then (signed in) the person's own setting; Arabic is right to left.
func TestInterfaceLanguageIsChosen(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	b := env.browser()
	_, page, h := getWith(t, b, "/login", map[string]string{"Accept-Language": "es-MX,es;q=0.9"})
	if !strings.Contains(page, `<html lang="es" dir="ltr">`) || !strings.Contains(page, "<h1>Iniciar sesión</h1>") {
		t.Errorf("Accept-Language es gives no Spanish page: %.300s", page)
	}
	if vary := strings.Join(h.Values("Vary"), ", "); !strings.Contains(vary, "Accept-Language") {
		t.Errorf("Vary %q lacks Accept-Language", vary)
	}
	_, page, _ = getWith(t, b, "/login", map[string]string{"Accept-Language": "ar"})
	if !strings.Contains(page, `<html lang="ar" dir="rtl">`) || !strings.Contains(page, "تسجيل الدخول") {
		t.Errorf("Accept-Language ar gives no Arabic page: %.300s", page)
	}
	// The switcher: a form that works without JavaScript, on every page.
	if !strings.Contains(page, `action="/language"`) || !strings.Contains(page, `<option value="zh-Hans" lang="zh-Hans" dir="ltr">简体中文</option>`) {
		t.Errorf("no language switcher: %s", page)
	}
	_, login := b.get("/login")
	resp := b.post("/language", map[string]string{"lang": "fr", "next": "/login", "_csrf": csrfFrom(login)}, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
		t.Fatalf("switch: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page, _ = getWith(t, b, "/login", map[string]string{"Accept-Language": "es"})
	if !strings.Contains(page, `<html lang="fr"`) || !strings.Contains(page, "Se connecter") {
		t.Errorf("the switcher's choice does not beat Accept-Language: %.300s", page)
	}
	// An unknown language is a clear 422, and a foreign next stays on the site.
	if resp := b.post("/language", map[string]string{"lang": "tlh", "_csrf": csrfFrom(login)}, nil); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown language: %d", resp.StatusCode)
	}
	if resp := b.post("/language", map[string]string{"lang": "es", "next": "https://evil.example/", "_csrf": csrfFrom(login)}, nil); resp.Header.Get("Location") != "/" {
		t.Errorf("next led off the site: %s", resp.Header.Get("Location"))
	}

	// Signed in, the setting is stored and follows the person to a new browser.
	amina := env.signup("amina")
	signedIn := env.browser()
	_, lp := signedIn.get("/login")
	signedIn.post("/login", map[string]string{"login": "amina", "password": passwordOf("amina"), "_csrf": csrfFrom(lp)}, nil)
	_, me := signedIn.get("/me")
	signedIn.post("/language", map[string]string{"lang": "zh-Hans", "next": "/me", "_csrf": csrfFrom(me)}, nil)
	other := env.browser()
	_, lp = other.get("/login")
	other.post("/login", map[string]string{"login": "amina", "password": passwordOf("amina"), "_csrf": csrfFrom(lp)}, nil)
	_, page, _ = getWith(t, other, "/me", map[string]string{"Accept-Language": "es"})
	if !strings.Contains(page, `<html lang="zh-Hans"`) || !strings.Contains(page, "我的资源") {
		t.Errorf("the stored setting does not follow the person: %.400s", page)
	}
	_ = amina
}

// Pages in each shipped language show no English message the catalogue
// translates, and no unfilled {placeholder}.
func TestPagesShowNoEnglishInOtherLanguages(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	amina := env.signup("amina")
	// A text with something for most of the accessibility checker's rules: the findings, their
	// why and how, and the summary are interface text too.
	id := amina.createResource(map[string]any{"visibility": "public", "title": "Fractions", "content": a11yProblems})
	st, rev := amina.do("POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "First"})
	if st != 201 {
		t.Fatalf("revision: %d %v", st, rev)
	}
	st, tr := amina.do("POST", "/api/v1/resources/"+id+"/translations", map[string]any{"language": "fr"})
	if st != 201 {
		t.Fatalf("translation: %d %v", st, tr)
	}
	trID := tr["id"].(string)
	// A fork, so the family graph has a fork and a translation to name, with a change proposed
	// to the source (the reviewer's page and its accessibility panel); a change to the source
	// since its revision, so its diff has hunks.
	st, fork := amina.do("POST", "/api/v1/resources/"+id+"/forks", map[string]any{"title": "Fractions for all"})
	if st != 201 {
		t.Fatalf("fork: %d %v", st, fork)
	}
	forkID := fork["id"].(string)
	if st, out := amina.do("PATCH", "/api/v1/resources/"+forkID, map[string]any{"content": a11yProblems + "\n![](third.png)\n"}); st != 200 {
		t.Fatalf("edit the fork: %d %v", st, out)
	}
	st, prop := amina.do("POST", "/api/v1/resources/"+forkID+"/proposals", map[string]any{"title": "A third"})
	if st != 201 {
		t.Fatalf("proposal: %d %v", st, prop)
	}
	if st, out := amina.do("PATCH", "/api/v1/resources/"+id, map[string]any{"content": a11yProblems + "\nA new line.\n"}); st != 200 {
		t.Fatalf("edit: %d %v", st, out)
	}
	signedIn := []string{"/me", "/new", "/r/" + id, "/r/" + id + "/settings", "/r/" + id + "/collaborators", "/r/" + id + "/edit",
		"/r/" + id + "/images", "/r/" + id + "/accessibility", "/r/" + id + "/fork", "/r/" + id + "/diff", "/inbox", "/settings/notifications",
		"/reviews", "/r/" + trID, "/r/" + trID + "/translate", "/r/" + trID + "/translate?mode=one", "/account",
		"/r/" + forkID + "/propose", "/r/" + forkID + "/sync", "/proposals/" + prop["id"].(string), "/similar?title=Fractions",
		"/account/delete", "/r/" + id + "/revisions/" + rev["id"].(string), "/r/" + id + "/diff?from=" + rev["id"].(string)}
	// English first: the sentences of its pages, which the other languages' pages must not
	// repeat (a sentence the same in English and Spanish is English nobody translated).
	english := map[string]map[string]bool{}
	for _, l := range i18n.Default().Locales() {
		b := env.browser()
		check := func(p, page string) {
			if l.Code == i18n.Source {
				english[p] = map[string]bool{}
				for _, s := range textNodes(page, "") {
					english[p][s] = true
				}
				return
			}
			for _, bad := range englishLeft(l, page) {
				t.Errorf("%s %s: English left: %q", l.Code, p, bad)
			}
			for _, s := range textNodes(page, l.Code) {
				if english[p][s] && looksLikeASentence(s) {
					t.Errorf("%s %s: the same sentence as in English: %q", l.Code, p, s)
				}
				for _, w := range englishWordsIn(l, s) {
					t.Errorf("%s %s: the English word %q in %q", l.Code, p, w, s)
				}
			}
		}
		for _, p := range []string{"/", "/login", "/signup", "/forgot-password", "/search?q=fractions", "/r/" + id, "/r/" + id + "/history",
			"/r/" + id + "/family", "/u/amina", "/nowhere", "/reset-password?token=cpr_expired"} {
			_, page, _ := getWith(t, b, p, map[string]string{"Accept-Language": l.Code})
			check(p, page)
		}
		if l.Code != i18n.Source {
			checkAccessibilityAPI(t, b, l, id)
		}
		_, lp := b.get("/login")
		b.post("/login", map[string]string{"login": "amina", "password": passwordOf("amina"), "_csrf": csrfFrom(lp)}, nil)
		for _, p := range signedIn {
			st, page, _ := getWith(t, b, p, map[string]string{"Accept-Language": l.Code})
			if st != http.StatusOK {
				t.Errorf("%s %s: %d", l.Code, p, st)
			}
			check(p+" (signed in)", page)
		}
	}
}

// checkAccessibilityAPI: the report keeps its codes and gives its words (titles, messages, why,
// how, the summary) in the caller's language, as the pages do.
func checkAccessibilityAPI(t *testing.T, b *browser, l *i18n.Locale, id string) {
	t.Helper()
	st, body, _ := getWith(t, b, "/api/v1/resources/"+id+"/accessibility", map[string]string{"Accept-Language": l.Code})
	var rep struct {
		UILanguage string `json:"ui_language"`
		Findings   []struct {
			Rule, Detail, Title, Message, Why, Fix string
			Args                                   map[string]string
		}
		Metadata struct {
			AccessibilitySummary string `json:"accessibilitySummary"`
		}
	}
	if err := json.Unmarshal([]byte(body), &rep); st != http.StatusOK || err != nil {
		t.Fatalf("%s accessibility API: %d %v %s", l.Code, st, err, body)
	}
	if rep.UILanguage != l.Code || len(rep.Findings) < 10 {
		t.Errorf("%s accessibility API: ui_language %q, %d findings", l.Code, rep.UILanguage, len(rep.Findings))
	}
	rules := map[string]bool{}
	for _, f := range rep.Findings {
		rules[f.Rule] = true
		if f.Detail == "" {
			t.Errorf("%s: finding without its detail code: %+v", l.Code, f)
		}
		for _, s := range []string{f.Title, f.Message, f.Why, f.Fix} {
			if p := englishSentenceIn(l, s); p != "" || s == "" {
				t.Errorf("%s accessibility API: %q is English (%s)", l.Code, s, p)
			}
		}
		if f.Title == "" || l.Code != "en" && f.Title == f.Rule {
			t.Errorf("%s: no title for %s", l.Code, f.Rule)
		}
	}
	for _, r := range []string{a11ycheck.ImageAltMissing, a11ycheck.ImageAltPoor, a11ycheck.HeadingSkipped, a11ycheck.HeadingMultipleTop,
		a11ycheck.LinkTextVague, a11ycheck.LinkTextURL, a11ycheck.TableHeaderMissing, a11ycheck.ColorOnly,
		a11ycheck.LanguageUnmarked, a11ycheck.TextAllCaps, a11ycheck.MediaCaptionsMissing, a11ycheck.MediaTranscriptMiss, a11ycheck.FrameTitleMissing} {
		if !rules[r] {
			t.Errorf("%s: the lesson has no %s finding", l.Code, r)
		}
	}
	if s := rep.Metadata.AccessibilitySummary; s == "" || englishSentenceIn(l, s) != "" {
		t.Errorf("%s accessibilitySummary %q", l.Code, s)
	}
}

// a11yProblems is a lesson with something for most of the checker's rules.
const a11yProblems = "# Fractions\n\nHalf is 1/2.\n\n![](half.png)\n\n![image](quarter.png)\n\n#### Deeper\n\n# Another title\n\n" +
	"Read [click here](https://example.org/guide) or https://example.org/fractions/more for more.\n\n" +
	"| | |\n|---|---|\n| 1 | 2 |\n\nUnderline the red words in the sentence.\n\n" +
	"Αυτό είναι ένα κείμενο στα ελληνικά εδώ.\n\nWRITE THE ANSWER IN CAPITALS NOW PLEASE.\n\n" +
	"<video src=\"talk.mp4\"></video>\n\n<audio src=\"song.mp3\"></audio>\n\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n"

var placeholderLeft = regexp.MustCompile(`\{[a-z_]+\}`)

// contentWords are what the test wrote or sent (titles, names, the lesson, its client's
// User-Agent, the languages and licences it chose), which interface sentences quote.
var contentWords = strings.Fields(a11yProblems + " Fractions for all A third First amina Amina français " +
	"Go-http-client en fr CC-BY-4.0" +
	// and the names and codes pages write as they are in every language
	" UTC WCAG XLIFF PO Commonplace" +
	// and what the browser journey types (i18n_browser_test.go)
	" Teacher teacherar teacheres Iceland Volcanoes Photosynthesis Photosynthèse WRITE THE ANSWER IN CAPITALS RIGHT NOW")

// anURL is an address in a text, which findings quote from the content (shortened).
var anURL = regexp.MustCompile(`https?://\S+`)

// cutShort is the last word of a quotation shortened with an ellipsis ("The word **Donaudamp…").
var cutShort = regexp.MustCompile(`\p{Latin}+…`)

// latinWord is a word of two or more Latin letters.
var latinWord = regexp.MustCompile(`\p{Latin}{2,}`)

// englishWordsIn lists the Latin words of s, interface text in l, that are neither in l's own
// translations (which keep names, codes and examples such as <span lang="ar">) nor the test's
// content: English left inside a translated sentence ("… في this text"). Only for languages
// whose own script is not Latin.
func englishWordsIn(l *i18n.Locale, s string, content ...map[string]bool) []string {
	if sc, _ := l.Tag.Script(); sc.String() == "Latn" || licenceNames[s] {
		return nil
	}
	allowed := translatedWords(l)
	var out []string
next:
	for _, w := range latinWord.FindAllString(cutShort.ReplaceAllString(anURL.ReplaceAllString(s, ""), ""), -1) {
		lw := strings.ToLower(w)
		if allowed[lw] {
			continue
		}
		for _, c := range content {
			if c[lw] {
				continue next
			}
		}
		out = append(out, w)
	}
	return out
}

// wordsOf are the Latin words of texts, lower-cased: content a test wrote, for englishWordsIn.
func wordsOf(texts ...string) map[string]bool {
	m := map[string]bool{}
	for _, s := range texts {
		for _, w := range latinWord.FindAllString(s, -1) {
			m[strings.ToLower(w)] = true
		}
	}
	return m
}

// translatedWords are the Latin words, lower-cased, of l's translations and of the test's
// content and names.
var translatedWords = func() func(l *i18n.Locale) map[string]bool {
	var mu sync.Mutex
	by := map[string]map[string]bool{}
	return func(l *i18n.Locale) map[string]bool {
		mu.Lock()
		defer mu.Unlock()
		if m, ok := by[l.Code]; ok {
			return m
		}
		m := map[string]bool{}
		add := func(s string) {
			for _, w := range latinWord.FindAllString(s, -1) {
				m[strings.ToLower(w)] = true
			}
		}
		for _, id := range i18n.MessageIDs() {
			if tr, ok := l.Translation(id); ok {
				add(tr.Get())
				for i := range 6 {
					if tr.IsTranslatedN(i) {
						add(tr.GetN(i))
					}
				}
			}
		}
		for _, w := range contentWords {
			add(w)
		}
		for n := range licenceNames {
			add(n)
		}
		by[l.Code] = m
		return m
	}
}()

// englishLeft lists the interface text of a page (text not inside an
// element of another language, i.e. not user content) that is an English
// message id the language translates differently, or an unfilled placeholder.
func englishLeft(l *i18n.Locale, page string) []string {
	english := map[string]bool{}
	for _, id := range i18n.MessageIDs() {
		if !strings.Contains(id, "{") && l.T(id) != id {
			english[id] = true
		}
	}
	var out []string
	err := walkPage(page, func(n *html.Node, lang string) {
		if n.Type == html.ElementNode && lang == l.Code {
			for _, a := range n.Attr {
				if (a.Key == "aria-label" || a.Key == "placeholder" || a.Key == "title" || a.Key == "alt") && english[a.Val] {
					out = append(out, a.Val)
				}
			}
		}
		if n.Type == html.TextNode && lang == l.Code {
			s := strings.TrimSpace(n.Data)
			if english[s] || placeholderLeft.MatchString(s) {
				out = append(out, s)
			} else if p := englishSentenceIn(l, s); p != "" {
				out = append(out, s+" (matches "+p+")")
			}
		}
	})
	if err != nil {
		return []string{err.Error()}
	}
	return out
}

// The check finds English left inside a translated sentence, and not the names, codes and
// content such sentences quote.
func TestEnglishWordsInTranslatedSentences(t *testing.T) {
	t.Parallel()
	ar, _ := i18n.Default().Lookup("ar")
	// "text" is in an Arabic translation's own example, so "this" is what gives it away.
	if got := englishWordsIn(ar, "يجد مدقّق إمكانية الوصول مشكلتين في this text (تحذيران)."); len(got) == 0 || got[0] != "this" {
		t.Errorf("English inside Arabic: %v", got)
	}
	for _, s := range []string{"3 ديسمبر 2026، 9:37 ص UTC", "ترجمة «Fractions (français)»", "اقرأ https://example.org/fra…",
		"ضع المقطع داخل عنصر يسمّي لغته: <span lang=\"ar\">…</span>", "CC BY-SA 4.0"} {
		if got := englishWordsIn(ar, s); len(got) > 0 {
			t.Errorf("%q: %v taken for English", s, got)
		}
	}
	es, _ := i18n.Default().Lookup("es")
	if got := englishWordsIn(es, "in this text"); got != nil {
		t.Errorf("a language written in Latin letters is not checked word by word: %v", got)
	}
}

// API errors keep their English message and code for programs and add the text for people in
// the caller's language.
func TestAPIErrorsSayTheirTextInTheCallersLanguage(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	b := env.browser()
	for _, code := range []string{"es", "ar"} {
		l, _ := i18n.Default().Lookup(code)
		st, body, _ := getWith(t, b, "/api/v1/resources/no-such-thing", map[string]string{"Accept-Language": code})
		var out struct {
			Error struct{ Code, Message, Text string }
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil || st != http.StatusNotFound {
			t.Fatalf("%s: %d %v %s", code, st, err, body)
		}
		if out.Error.Code != "not_found" || out.Error.Message == "" || out.Error.Text != l.T("There is nothing here, or it is private.") {
			t.Errorf("%s: %+v", code, out.Error)
		}
	}
}
