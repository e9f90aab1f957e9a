package wire

import (
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/versioning"
)

// The JSON shapes that error answers carry in their extra members.

type ConflictJSON struct {
	Index  int    `json:"index"`
	Base   string `json:"base"`
	Ours   string `json:"ours"`
	Theirs string `json:"theirs"`
}

func ConflictsJSON(cs []versioning.Conflict) []ConflictJSON {
	out := make([]ConflictJSON, len(cs))
	for i, cf := range cs {
		out[i] = ConflictJSON(cf)
	}
	return out
}

type SimilarJSON struct {
	ID           string    `json:"id"`
	URL          string    `json:"url"`
	Title        string    `json:"title"`
	Language     string    `json:"language"`
	LanguageName string    `json:"language_name"`
	Kind         string    `json:"kind"`
	License      string    `json:"license"`
	Owner        string    `json:"owner"`
	Reason       string    `json:"reason"`
	Similarity   float64   `json:"similarity"`
	Percent      int       `json:"percent_translated"`
	Reviewed     int       `json:"percent_reviewed"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func ToSimilarJSON(list []app.SimilarResource) []SimilarJSON {
	out := []SimilarJSON{}
	for _, x := range list {
		out = append(out, SimilarJSON{ID: x.ID, URL: "/r/" + x.ID, Title: x.Title, Language: x.Language, LanguageName: resource.LanguageName(x.Language),
			Kind: x.Kind, License: x.License, Owner: x.Owner, Reason: x.Reason, Similarity: x.Similarity, Percent: x.Percent,
			Reviewed: x.Reviewed, UpdatedAt: x.Updated})
	}
	return out
}
