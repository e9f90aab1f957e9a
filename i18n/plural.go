package i18n

import (
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// A PO entry's msgstr[i] follows the language's CLDR plural categories in
// CLDR's order (zero, one, two, few, many, other), only those the language
// has: Arabic has all six, French and Spanish one and other, Chinese other.
// The Plural-Forms header of each catalogue must give the same index as
// CLDR for every count (catalogue_test.go checks it), so gettext tools and
// this package agree.

// Category is a CLDR plural category name, as Intl.PluralRules names it.
type Category string

var categoryOrder = []struct {
	form plural.Form
	name Category
}{
	{plural.Zero, "zero"}, {plural.One, "one"}, {plural.Two, "two"},
	{plural.Few, "few"}, {plural.Many, "many"}, {plural.Other, "other"},
}

// probeCounts cover every category of every CLDR language's integer rules.
func probeCounts() []int {
	out := make([]int, 0, 300)
	for n := 0; n <= 220; n++ {
		out = append(out, n)
	}
	return append(out, 1000, 1001, 1002, 1003, 1011, 1100, 10000, 100000, 1000000, 2000000)
}

// Categories are the CLDR plural categories of tag's integer counts, in
// msgstr order.
func Categories(tag language.Tag) []Category {
	seen := map[plural.Form]bool{}
	for _, n := range probeCounts() {
		seen[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)] = true
	}
	var out []Category
	for _, c := range categoryOrder {
		if seen[c.form] {
			out = append(out, c.name)
		}
	}
	return out
}

// pluralIndex is the msgstr index of n in tag, by CLDR.
func pluralIndex(tag language.Tag, cats []Category, n int) int {
	f := plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)
	for i, c := range cats {
		for _, o := range categoryOrder {
			if o.name == c && o.form == f {
				return i
			}
		}
	}
	return len(cats) - 1
}
