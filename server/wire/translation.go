package wire

import (
	"time"

	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/translation"
)

type PlaceholderJSON struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Bytes   string `json:"bytes"`
	Display string `json:"display"`
}

type ProgressJSON struct {
	Total      int `json:"total"`
	Translated int `json:"translated"`
	Reviewed   int `json:"reviewed"`
	Final      int `json:"final"`
	Outdated   int `json:"outdated"`
	Percent    int `json:"percent"`
}

type TSegmentJSON struct {
	ID             string            `json:"id"`
	Position       int               `json:"position"`
	Source         string            `json:"source"`
	Target         string            `json:"target"`
	State          string            `json:"state"`
	Outdated       bool              `json:"outdated"`
	PreviousSource string            `json:"previous_source,omitempty"`
	SourceDiff     []WordDiffJSON    `json:"source_diff,omitempty"`
	Placeholders   []PlaceholderJSON `json:"placeholders"`
	Rev            int64             `json:"rev"`
	Updated        string            `json:"updated"`
	Comments       []CommentJSON     `json:"comments,omitempty"`
}

func ToSegmentJSON(sg translation.StoredSegment, comments []translation.Comment) TSegmentJSON {
	out := TSegmentJSON{ID: sg.ID, Position: sg.Position, Source: sg.Source, Target: sg.Target, State: string(sg.State),
		Outdated: sg.Outdated, Rev: sg.Rev, Updated: sg.Updated.UTC().Format("2006-01-02T15:04:05.000000Z"), Placeholders: []PlaceholderJSON{}}
	for _, p := range sg.Placeholders {
		out.Placeholders = append(out.Placeholders, PlaceholderJSON(p))
	}
	if sg.Outdated && sg.PreviousSource != "" {
		out.PreviousSource = sg.PreviousSource
		for _, d := range translation.WordDiff(sg.PreviousSource, sg.Source) {
			out.SourceDiff = append(out.SourceDiff, WordDiffJSON{Op: d.Op, Text: d.Text})
		}
	}
	for _, cm := range comments {
		out.Comments = append(out.Comments, ToCommentJSON(cm))
	}
	return out
}

type WordDiffJSON struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

type CommentJSON struct {
	ID       string          `json:"id"`
	Author   resource.Person `json:"author"`
	Body     string          `json:"body"`
	SentBack bool            `json:"sent_back"`
	Created  string          `json:"created"`
}

func ToCommentJSON(c translation.Comment) CommentJSON {
	return CommentJSON{ID: c.ID, Author: c.Author, Body: c.Body, SentBack: c.SentBack, Created: c.Created.UTC().Format(time.RFC3339)}
}
