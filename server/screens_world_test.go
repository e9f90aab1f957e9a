package server_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"testing"
)

// screensWorld is a service with something on every page: a long lesson with long words, a
// wide table, formulas, code and a picture; its history, forks, a proposal, a translation with
// work for a translator and a reviewer, and an inbox with news.
type screensWorld struct {
	env                      *testEnv
	owner, tina, rita, bruno *client
	lesson                   string // the owner's long lesson
	firstRev                 string // its first named revision
	fork                     string // bruno's fork of it
	proposal                 string // bruno's proposal back
	source, translation      string // the owner's short lesson and tina's Spanish translation
	arabic                   string // the owner's lesson written in Arabic (right-to-left content)
	segs                     []string
	resetPath                string
	confirmPath              string            // a link that would make the owner's address a much longer one (waiting on /account)
	verifyPath               string            // the link sign-up mailed bruno, which confirms his address (unconfirmed on his /account)
	content                  map[string]bool   // the words of what the world wrote (titles, names, lessons, messages)
	titles                   map[string]string // the resources' titles and their languages (a translation's, the same as its source's until translated, left out), and the proposal's ("")
}

// screensLesson is Markdown that stretches a page: a long title word, long words and a URL in
// running text, a table of eight columns, block and inline formulas, a long code line, a
// quotation, lists and links. It also has what the accessibility checker reports.
const screensLesson = "# Photosynthesis and the carbon cycle\n\n" +
	"Plants turn light into sugar. The word **Donaudampfschifffahrtsgesellschaftskapitänswitwe** and " +
	"pneumonoultramicroscopicsilicovolcanoconiosis are long; so is https://example.org/a/very/long/path/that/never/breaks/on/its/own/because/it/has/no/spaces/at/all.\n\n" +
	"## Measurements\n\n" +
	"| Plant | Light (lux) | Water (ml/day) | Temperature (°C) | Carbon dioxide (ppm) | Growth (mm/week) | Leaves | Observations of the class |\n" +
	"|---|---|---|---|---|---|---|---|\n" +
	"| Sunflower | 12000 | 250 | 24 | 415 | 35 | 12 | Grew towards the window every single afternoon |\n" +
	"| Bean | 8000 | 150 | 22 | 415 | 28 | 9 | Tendrils wrapped around the thermometer |\n\n" +
	"## The equation\n\n" +
	"$$6CO_2 + 6H_2O + \\text{light energy} \\rightarrow C_6H_{12}O_6 + 6O_2 + \\text{heat released into the surroundings}$$\n\n" +
	"Inline, $E = mc^2$ stays in the sentence.\n\n" +
	"```python\nglucose_molecules_per_leaf_per_hour = sum(measure(leaf, sensor='chlorophyll_fluorescence', interval_seconds=3600) for leaf in plant.leaves)\n```\n\n" +
	"> A quotation from a botanist that runs on for a while so that it wraps across several lines on a phone.\n\n" +
	"- [x] Measure the light\n- [ ] Water the plants\n\n" +
	"CLICK HERE TO READ MORE ABOUT PLANTS: [click here](https://example.org/plants).\n\n" +
	"## Pictures\n\n"

// newScreensWorld builds the world through the API, as its people would.
func newScreensWorld(t *testing.T) *screensWorld {
	t.Helper()
	env := newEnv(t)
	w := &screensWorld{env: env}
	w.translation, w.segs = translationWithWork(t, env, 8, 5)
	w.owner, w.tina, w.rita = w.login("owner"), w.login("tina"), w.login("rita")
	w.bruno = env.signup("bruno")
	_, tr := w.owner.do("GET", "/api/v1/resources/"+w.translation, nil)
	w.source = tr["derived_from"].(map[string]any)["resource"].(string)

	w.lesson = w.owner.createResource(map[string]any{"visibility": "public", "subjects": []string{"biology", "chemistry"}, "level": "upper-secondary",
		"title":   "Photosynthesis and the carbon cycle: an interdisciplinary introduction with Chlorophyllfluoreszenzmessungen",
		"summary": "How plants make sugar from light, with measurements a class can take over a term.", "content": screensLesson})
	img := w.upload(w.lesson, "leaf-under-the-microscope.png", "A leaf under the microscope: rows of green cells")
	w.must(w.owner.do("PATCH", "/api/v1/resources/"+w.lesson, map[string]any{"content": screensLesson + img + "\n"}))
	st, rev := w.owner.do("POST", "/api/v1/resources/"+w.lesson+"/revisions", map[string]any{"message": "Ready for the second term, checked by the whole science department"})
	w.must(st, rev)
	w.firstRev = rev["id"].(string)
	w.must(w.owner.do("PATCH", "/api/v1/resources/"+w.lesson, map[string]any{"content": strings.Replace(screensLesson, "Plants turn light", "Green plants turn sunlight", 1) + img + "\n"}))
	w.must(w.owner.do("POST", "/api/v1/resources/"+w.lesson+"/revisions", map[string]any{"message": "Sunlight"}))
	w.owner.share(w.lesson, "bruno", "editor")
	w.owner.share(w.lesson, "rita", "reviewer")

	// bruno forks the lesson, changes it and proposes the change back; two more forks widen the family.
	st, f := w.bruno.do("POST", "/api/v1/resources/"+w.lesson+"/forks", map[string]any{"title": "Photosynthesis for the younger years, simplified and shortened"})
	w.must(st, f)
	w.fork = f["id"].(string)
	w.must(w.bruno.do("PATCH", "/api/v1/resources/"+w.fork, map[string]any{"content": "# Photosynthesis\n\nPlants make food from light.\n\n" + screensLesson[40:]}))
	st, p := w.bruno.do("POST", "/api/v1/resources/"+w.fork+"/proposals", map[string]any{"title": "A simpler opening for the younger years", "description": "Shorter sentences."})
	w.must(st, p)
	w.proposal = p["id"].(string)
	for _, title := range []string{"Photosynthèse", "Fotosíntesis en la huerta escolar"} {
		w.must(w.tina.do("POST", "/api/v1/resources/"+w.lesson+"/forks", map[string]any{"title": title}))
	}
	w.must(w.owner.do("PATCH", "/api/v1/resources/"+w.lesson, map[string]any{"content": screensLesson + img + "\n\nA new closing line.\n"}))
	w.arabic = w.owner.createResource(map[string]any{"visibility": "public", "language": "ar", "title": "الكسور والنسب",
		"content": "# الكسور\n\nالنصف هو **١/٢**، والربع هو ١/٤.\n\n| الكسر | القيمة |\n|---|---|\n| ١/٢ | ٠٫٥ |\n"})
	// Two resources in the owner's trash ("Recently deleted"): a long title, and a right-to-left one.
	for _, r := range []map[string]any{
		{"title": "Photosynthesis worksheet for the second term, with Chlorophyllfluoreszenzmessungen, an old draft", "content": "Old.\n"},
		{"title": "مسودة قديمة عن الكسور", "language": "ar", "content": "قديم.\n"},
	} {
		id := w.owner.createResource(r)
		w.must(w.owner.do("DELETE", "/api/v1/resources/"+id, nil))
	}
	w.resetPath = outboxResetLink(t, env, "owner@example.org")
	long := "owner.of.the.photosynthesis.lessons.and.their.translations@a-very-long-school-district-name.example"
	w.must(w.owner.do("PUT", "/api/v1/me/email", map[string]any{"email": long, "current_password": passwordOf("owner")}))
	w.confirmPath = outboxEmailLink(t, env, long)
	w.verifyPath = outboxConfirmLink(t, env, "bruno@example.org")
	w.titles = map[string]string{
		"Photosynthesis and the carbon cycle: an interdisciplinary introduction with Chlorophyllfluoreszenzmessungen": "en",
		"Photosynthesis for the younger years, simplified and shortened":                                              "en",
		// Forks keep their source's language, whatever their titles look like.
		"Photosynthèse": "en", "Fotosíntesis en la huerta escolar": "en",
		"الكسور والنسب": "ar",
		"Photosynthesis worksheet for the second term, with Chlorophyllfluoreszenzmessungen, an old draft": "en",
		"مسودة قديمة عن الكسور":                                                                            "ar",
		// A proposal's title has no recorded language: it is set apart, as a bidi isolate.
		"A simpler opening for the younger years": "",
	}
	w.content = wordsOf(screensLesson, "Photosynthesis and the carbon cycle: an interdisciplinary introduction with Chlorophyllfluoreszenzmessungen",
		"How plants make sugar from light, with measurements a class can take over a term.", "leaf-under-the-microscope.png",
		"A leaf under the microscope: rows of green cells", "Ready for the second term, checked by the whole science department", "Sunlight",
		"Photosynthesis for the younger years, simplified and shortened", "Plants make food from light.",
		"A simpler opening for the younger years", "Shorter sentences.", "Photosynthèse", "Fotosíntesis en la huerta escolar",
		"A new closing line.", "Photosynthesis worksheet for the second term, with Chlorophyllfluoreszenzmessungen, an old draft", long,
		"owner tina rita bruno Owner Tina Rita Bruno",
		// what translationWithWork writes, the import's title, the API token's name and the language typed wrong
		"Fractions, halves and quarters for the first years of school", "Tides and the moon, a very long imported title that has to wrap on a phone",
		"test Klingonese")
	return w
}

func (w *screensWorld) login(handle string) *client {
	w.env.t.Helper()
	c := &client{env: w.env, token: loginToken(w.env.t, w.env, handle)}
	_, me := c.do("GET", "/api/v1/me", nil)
	c.user = me["user"].(map[string]any)
	return c
}

// must fails on an answer that is not a success.
func (w *screensWorld) must(status int, body map[string]any) {
	w.env.t.Helper()
	if status >= 300 {
		w.env.t.Fatalf("setting up: %d %v", status, body)
	}
}

// upload adds a wide picture to resource id and returns its Markdown.
func (w *screensWorld) upload(id, name, alt string) string {
	w.env.t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 1600, 400))
	for x := 0; x < 1600; x += 7 {
		m.Set(x, x%400, color.RGBA{20, 120, 40, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		w.env.t.Fatal(err)
	}
	body, ctype := multipartBody(w.env.t, "file", name, b.Bytes(), map[string]string{"alt": alt})
	resp, raw := w.owner.fetch("POST", "/api/v1/resources/"+id+"/images", body, map[string]string{"Content-Type": ctype})
	if resp.StatusCode != http.StatusCreated {
		w.env.t.Fatalf("upload: %d %s", resp.StatusCode, raw)
	}
	var img map[string]any
	if err := jsonUnmarshal(raw, &img); err != nil {
		w.env.t.Fatal(err)
	}
	return img["markdown"].(string)
}
