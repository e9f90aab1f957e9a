package license

import (
	"fmt"
	"strings"
)

// ccFamilies lists the six Creative Commons licences with their URL slug, in the order the UI
// offers them (most open first within attribution licences).
var ccFamilies = []struct {
	family Family
	slug   string
}{
	{FamilyBY, "by"},
	{FamilyBYSA, "by-sa"},
	{FamilyBYNC, "by-nc"},
	{FamilyBYNCSA, "by-nc-sa"},
	{FamilyBYND, "by-nd"},
	{FamilyBYNCND, "by-nc-nd"},
}

// ccVersions lists every Creative Commons version the catalogue carries, newest first, with the
// generic ("international"/"unported") flavour where one exists and the ports we include. The
// ports are those in the SPDX list plus the ones most often met in educational material; every
// port exists for all six licences. 2.1 was only ever published as ports.
var ccVersions = []struct {
	version string
	generic bool
	ports   []string
}{
	{"4.0", true, nil},
	{"3.0", true, []string{"AT", "AU", "BR", "CH", "DE", "ES", "FR", "IGO", "IT", "NL", "PL", "US"}},
	{"2.5", true, []string{"AU", "ES", "IT", "NL"}},
	{"2.1", false, []string{"AU", "ES", "JP"}},
	{"2.0", true, []string{"DE", "FR", "JP", "UK"}},
	{"1.0", true, nil},
}

// Licences outside the six CC families, in the order they are listed.
var (
	cc0 = License{ID: "CC0-1.0", Name: "CC0 1.0", Family: FamilyCC0, Version: "1.0",
		URL: "https://creativecommons.org/publicdomain/zero/1.0/"}
	pdm = License{ID: "PDM-1.0", Name: "Public Domain Mark 1.0", Family: FamilyPDM, Version: "1.0",
		URL: "https://creativecommons.org/publicdomain/mark/1.0/"}
	others = []License{
		{ID: "GPL-3.0-only", Name: "GNU GPL 3.0 only", Family: FamilyGPL, Version: "3.0",
			URL: "https://www.gnu.org/licenses/gpl-3.0.html"},
		{ID: "GPL-3.0-or-later", Name: "GNU GPL 3.0 or later", Family: FamilyGPL, Version: "3.0",
			URL: "https://www.gnu.org/licenses/gpl-3.0.html"},
		{ID: "LAL-1.3", Name: "Free Art License 1.3", Family: FamilyLAL, Version: "1.3",
			URL: "https://artlibre.org/licence/lal/en/"},
	}
)

// aliases maps other spellings (lower case) to canonical ids: SPDX's deprecated GPL ids, the
// "CC-PDM-1.0" id SPDX uses for the mark, and the BY-ND-NC word order of the 1.0 licence's URL.
var aliases = map[string]string{
	"cc-by-nd-nc-1.0": "CC-BY-NC-ND-1.0",
	"cc-pdm-1.0":      "PDM-1.0",
	"gpl-3.0":         "GPL-3.0-only",
	"gpl-3.0+":        "GPL-3.0-or-later",
}

// catalogue holds every known licence in display order and an index by lower-case id. It is
// built once and never modified; accessors hand out copies.
type catalogue struct {
	all        []License
	selectable int // all[:selectable] may be picked for a new resource
	byID       map[string]int
}

var known = buildCatalogue()

func ccLicense(family Family, slug, version, port string) License {
	id := "CC-" + strings.ToUpper(slug) + "-" + version
	name := "CC " + strings.ToUpper(slug) + " " + version
	urlSlug := slug
	if family == FamilyBYNCND && version == "1.0" {
		urlSlug = "by-nd-nc" // the 1.0 licence was published under this word order
	}
	url := "https://creativecommons.org/licenses/" + urlSlug + "/" + version + "/"
	if port != "" {
		id += "-" + port
		name += " " + port
		url += strings.ToLower(port) + "/"
	}
	return License{ID: id, Name: name, Family: family, Version: version, Port: port, URL: url}
}

func buildCatalogue() catalogue {
	var all []License
	addVersion := func(version, port string) {
		for _, f := range ccFamilies {
			all = append(all, ccLicense(f.family, f.slug, version, port))
		}
	}
	for i, v := range ccVersions {
		if v.generic {
			addVersion(v.version, "")
		}
		for _, p := range v.ports {
			addVersion(v.version, p)
		}
		if i == 0 { // the public-domain tools come right after the current licences
			all = append(all, cc0, pdm)
		}
	}
	c := catalogue{all: append(all, others...), selectable: len(all), byID: map[string]int{}}
	for i, l := range c.all {
		key := strings.ToLower(l.ID)
		if _, dup := c.byID[key]; dup {
			panic("license: duplicate catalogue id " + l.ID)
		}
		c.byID[key] = i
	}
	return c
}

// Lookup returns the licence with the given SPDX id. Case and surrounding space are ignored and
// a few alternative spellings are accepted; the canonical id is returned. Unknown ids give an
// error wrapping ErrUnknown.
func Lookup(id string) (License, error) {
	key := strings.ToLower(strings.TrimSpace(id))
	if canon, ok := aliases[key]; ok {
		key = strings.ToLower(canon)
	}
	if i, ok := known.byID[key]; ok {
		return known.all[i], nil
	}
	return License{}, fmt.Errorf("licence %q: %w", id, ErrUnknown)
}

// NameOf is the licence's short name ("CC BY 4.0") for an SPDX id, or the id itself when the
// catalogue does not know it: for labels, which must show something.
func NameOf(id string) string {
	if l, err := Lookup(id); err == nil {
		return l.Name
	}
	return id
}

// All returns every licence in the catalogue, in display order.
func All() []License {
	return append([]License(nil), known.all...)
}

// Selectable returns the licences a user may pick for a new resource: the 4.0 licences, CC0 and
// the Public Domain Mark, then older versions and ports (for material that arrives under them).
// GPL and the Free Art License are only reachable as targets of an adaptation.
func Selectable() []License {
	return append([]License(nil), known.all[:known.selectable]...)
}

// RequiresAttribution reports whether the licence obliges users to credit the author. CC0 and the
// Public Domain Mark do not (the service still credits as a courtesy). An unknown id reports
// true: nothing says credit may be dropped.
func RequiresAttribution(id string) bool {
	l, err := Lookup(id)
	if err != nil {
		return true
	}
	return l.Family != FamilyCC0 && l.Family != FamilyPDM
}

// familyOf returns the family of id, FamilyUnknown if it is not in the catalogue.
func familyOf(id string) Family {
	l, err := Lookup(id)
	if err != nil {
		return FamilyUnknown
	}
	return l.Family
}
