package wire

import "github.com/commonplace/commonplace/translation"

type SuggestionJSON struct {
	Source   string `json:"source"`
	Target   string `json:"target"`
	Score    int    `json:"score"`
	Exact    bool   `json:"exact"`
	Approved bool   `json:"approved"`
	From     string `json:"from"` // the resource the pair came from (/r/<id>)
}

func ToSuggestionJSON(x translation.Suggestion) SuggestionJSON {
	return SuggestionJSON{Source: x.Source, Target: x.Target, Score: x.Score, Exact: x.Exact, Approved: x.Approved, From: x.Origin}
}
