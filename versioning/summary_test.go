package versioning

import "testing"

func TestSummarizeChanges(t *testing.T) {
	doc := "# Intro\nWelcome.\n\n## Goals\nLearn things.\n\n## Method\nRead, then write.\n"
	tests := []struct {
		name     string
		old, new string
		want     ChangeSummary
		str      string
	}{
		{"identical", doc, doc, ChangeSummary{Identical: true}, "no changes"},
		{"one section rewritten", doc,
			"# Intro\nWelcome.\n\n## Goals\nLearn many things.\n\n## Method\nRead, then write.\n",
			ChangeSummary{Rewritten: 1}, "1 section rewritten"},
		{"section added at end", doc, doc + "\n## Assessment\nA quiz.\n",
			ChangeSummary{Added: 1}, "1 section added"},
		{"section removed", doc, "# Intro\nWelcome.\n\n## Method\nRead, then write.\n",
			ChangeSummary{Removed: 1}, "1 section removed"},
		{"three rewritten one added", doc,
			"# Intro!\nWelcome.\n\n## Goals\nLearn.\n\n## Method\nWrite.\n\n## Extra\nMore.\n",
			ChangeSummary{Rewritten: 3, Added: 1}, "3 sections rewritten, 1 added"},
		{"rewritten and removed", doc, "# Intro\nHello.\n",
			ChangeSummary{Rewritten: 1, Removed: 2}, "1 section rewritten, 2 removed"},
		{"whitespace only", doc, "# Intro  \nWelcome.\n\n\n## Goals\nLearn things.\n\n## Method\nRead, then write.",
			ChangeSummary{}, "whitespace changes only"},
		{"paragraphs when no headings", "One.\n\nTwo.\n\nThree.\n", "One.\n\nTwo changed.\n\nThree.\n\nFour.\n",
			ChangeSummary{Rewritten: 1, Added: 1}, "1 section rewritten, 1 added"},
		{"heading inside code is not a section", "# A\n```\n# not a heading\n```\n# B\nb\n",
			"# A\n```\n# not a heading, edited\n```\n# B\nb\n",
			ChangeSummary{Rewritten: 1}, "1 section rewritten"},
		{"setext headings", "Title\n=====\nText.\n\nPart\n----\nMore.\n", "Title\n=====\nText.\n\nPart\n----\nMore!\n",
			ChangeSummary{Rewritten: 1}, "1 section rewritten"},
		{"non-ascii", "# مقدمة\nنص.\n\n# 目标\n学习。\n", "# مقدمة\nنص جديد.\n\n# 目标\n学习。\n",
			ChangeSummary{Rewritten: 1}, "1 section rewritten"},
		{"from empty", "", "# New\nText.\n", ChangeSummary{Added: 1}, "1 section added"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := SummarizeChanges(tc.old, tc.new)
			if got != tc.want {
				t.Errorf("SummarizeChanges = %+v, want %+v", got, tc.want)
			}
			if got.String() != tc.str {
				t.Errorf("String() = %q, want %q", got.String(), tc.str)
			}
		})
	}
	if s := (ChangeSummary{Added: 2, Removed: 1}).String(); s != "2 sections added, 1 removed" {
		t.Errorf("String() = %q", s)
	}
}
