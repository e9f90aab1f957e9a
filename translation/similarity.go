package translation

// Similarity scores two texts from 0 (nothing alike) to 100 (identical):
// the Levenshtein distance over runes, normalised by the longer length.
// Every rune counts, codes, numbers and punctuation included, which is
// what a translation memory needs after the database's trigram prefilter
// (pg_trgm ignores non-alphanumerics).
func Similarity(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	longer := max(len(ra), len(rb))
	if longer == 0 {
		return 100
	}
	d := levenshtein(ra, rb)
	return (100*(longer-d) + longer/2) / longer
}

// levenshtein is the edit distance with two rows of memory.
func levenshtein(a, b []rune) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
