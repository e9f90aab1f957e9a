// Package extract finds the interface's message ids in the sources: the
// templates' {{t}}, {{th}}, {{tn}} and {{thn}} calls, Go calls of T, N, tr,
// trn and i18n.M with literal strings, and the JavaScript bundle's t() and
// tn() calls; it writes them as a gettext template (messages.pot).
//
// It is a development tool (`commonplace ui-strings extract`) and a test's
// reference: the committed messages.pot must equal what the sources say.
package extract

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// Message is one id and where it is used.
type Message struct {
	ID, Plural string
	Refs       []string // file paths, relative to the root, sorted
	JS         bool     // the browser bundle uses it (sent to the page)
}

// Set collects messages by id.
type Set struct {
	byID map[string]*Message
}

func (s *Set) add(id, plural, ref string, js bool) error {
	if id == "" {
		return fmt.Errorf("%s: empty message id", ref)
	}
	if s.byID == nil {
		s.byID = map[string]*Message{}
	}
	m, ok := s.byID[id]
	if !ok {
		m = &Message{ID: id, Plural: plural}
		s.byID[id] = m
	}
	if m.Plural != plural {
		return fmt.Errorf("%s: %q is used with two plural forms (%q and %q)", ref, id, m.Plural, plural)
	}
	if !contains(m.Refs, ref) {
		m.Refs = append(m.Refs, ref)
		sort.Strings(m.Refs)
	}
	m.JS = m.JS || js
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Messages are the collected messages, sorted by first reference, then id.
func (s *Set) Messages() []*Message {
	out := make([]*Message, 0, len(s.byID))
	for _, m := range s.byID {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Refs[0] != out[j].Refs[0] {
			return out[i].Refs[0] < out[j].Refs[0]
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Dirs are where the sources with interface text live, under the root.
var Dirs = struct{ Templates, Go, JS []string }{
	Templates: []string{"frontend/templates"},
	Go:        []string{"server", "app", "web", "a11ytext"},
	JS:        []string{"frontend/src", "frontend/static"},
}

// FromRoot extracts every message of the repository at root.
func FromRoot(root string) (*Set, error) {
	s := &Set{}
	walk := func(dirs []string, ext string, f func(rel string, src []byte) error) error {
		for _, d := range dirs {
			err := filepath.WalkDir(filepath.Join(root, d), func(p string, e fs.DirEntry, err error) error {
				if err != nil {
					if e == nil && strings.HasSuffix(err.Error(), "no such file or directory") {
						return fs.SkipDir // an optional folder (web/ before it exists)
					}
					return err
				}
				if e.IsDir() || !strings.HasSuffix(p, ext) || strings.HasSuffix(p, "_test.go") {
					return nil
				}
				src, err := readFile(p)
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(root, p)
				return f(filepath.ToSlash(rel), src)
			})
			if err != nil {
				return fmt.Errorf("extract from %s: %w", d, err)
			}
		}
		return nil
	}
	if err := walk(Dirs.Templates, ".html", s.fromTemplate); err != nil {
		return nil, err
	}
	if err := walk(Dirs.Go, ".go", s.fromGo); err != nil {
		return nil, err
	}
	if err := walk(Dirs.JS, ".js", s.fromJS); err != nil {
		return nil, err
	}
	return s, nil
}
