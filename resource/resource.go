// Package resource is the domain model of an Open Educational Resource: its
// metadata, the rules a valid resource keeps, and who may do what with it.
// It knows nothing of HTTP or SQL.
package resource

import (
	"time"
)

// Visibility says who can find and read a resource.
type Visibility string

// Visibilities.
const (
	Public   Visibility = "public"   // listed and readable by anyone
	Unlisted Visibility = "unlisted" // readable by anyone with the link, never listed
	Private  Visibility = "private"  // only collaborators; a 404 to everyone else
)

// Kind says how a resource came to be.
type Kind string

// Kinds.
const (
	Original    Kind = "original"
	Fork        Kind = "fork"
	Translation Kind = "translation"
)

// Level is an education level, close to UNESCO's ISCED groups.
type Level string

// Levels; the empty level means "not stated".
var Levels = []Level{"early-childhood", "primary", "lower-secondary", "upper-secondary", "vocational", "higher", "adult"}

// Person is a user as shown next to a resource.
type Person struct {
	ID     string `json:"id"`
	Handle string `json:"handle"`
	Name   string `json:"name"`
}

// Resource is one lesson, chapter or exercise set.
type Resource struct {
	ID         string
	FamilyID   string
	Kind       Kind
	Title      string
	Summary    string
	Content    string // Markdown
	Version    int64
	Language   string // BCP 47, canonical
	License    string // SPDX id
	Subjects   []string
	Level      Level
	Visibility Visibility
	// AllowSelfReview lets the people who wrote a proposal (or can edit the
	// derivative it comes from) approve and merge it themselves. Off by
	// default: reviews are by someone else.
	AllowSelfReview bool
	Owner           Person
	Created         time.Time
	Updated         time.Time
}

// Fields is what a person sets when creating or editing a resource.
// Nil pointers mean "leave as is" when updating.
type Fields struct {
	Title      *string
	Summary    *string
	Content    *string
	Language   *string
	License    *string
	Subjects   *[]string
	Level      *string
	Visibility *string
	// AllowSelfReview is a setting, changed by those who may configure.
	AllowSelfReview *bool
}

// Openness orders visibilities from private (0) to public (2).
func (v Visibility) Openness() int {
	switch v {
	case Public:
		return 2
	case Unlisted:
		return 1
	}
	return 0
}
