package resource

import (
	"errors"
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

func TestCanonicalLanguage(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "pt-br": "pt-BR", "ZH-hans": "zh-Hans", "ar": "ar", " fr-CA ": "fr-CA"} {
		got, err := CanonicalLanguage(in)
		if err != nil || got != want {
			t.Errorf("%q: got %q %v, want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "und", "english", "x-klingon", "12"} {
		if _, err := CanonicalLanguage(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestDirection(t *testing.T) {
	for tag, want := range map[string]string{"ar": "rtl", "he": "rtl", "fa": "rtl", "ur": "rtl", "ckb": "rtl", "dv": "rtl", "en": "ltr", "zh-Hans": "ltr", "az-Arab": "rtl", "junk!!": "ltr"} {
		if got := Direction(tag); got != want {
			t.Errorf("%s: %s, want %s", tag, got, want)
		}
	}
}

func TestApplyValidatesAndLeavesResourceOnError(t *testing.T) {
	r := Resource{Title: "Old", Language: "en", License: "CC-BY-4.0", Visibility: Private}
	bad := []struct {
		f     Fields
		field string
	}{
		{Fields{Title: ptr("  ")}, "title"},
		{Fields{Title: ptr(strings.Repeat("x", MaxTitle+1))}, "title"},
		{Fields{Title: ptr("bell\a")}, "title"},
		{Fields{License: ptr("GPL-2.0")}, "license"},
		{Fields{Visibility: ptr("secret")}, "visibility"},
		{Fields{Level: ptr("phd")}, "level"},
		{Fields{Content: ptr("\xff")}, "content"},
		{Fields{Content: ptr("a\x00b")}, "content"},
		{Fields{Summary: ptr("a\x00b")}, "summary"},
		{Fields{Subjects: ptr([]string{strings.Repeat("s", MaxSubjectLen+1)})}, "subjects"},
		{Fields{Title: ptr("New"), Language: ptr("??")}, "language"},
	}
	for _, b := range bad {
		err := r.Apply(b.f)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != b.field {
			t.Errorf("%+v: got %v, want error on %s", b.f, err, b.field)
		}
		if r.Title != "Old" {
			t.Fatalf("resource changed by a refused update: %+v", r)
		}
	}
	if err := r.Apply(Fields{Title: ptr(" New "), License: ptr("cc0-1.0"), Subjects: ptr([]string{"a", " a ", "", "b"})}); err != nil {
		t.Fatal(err)
	}
	if r.Title != "New" || r.License != "CC0-1.0" || len(r.Subjects) != 2 {
		t.Errorf("applied: %+v", r)
	}
}

func TestApplyNewReportsEveryFieldAtOnce(t *testing.T) {
	r := Resource{Visibility: Private}
	err := r.ApplyNew(Fields{Title: ptr(" "), Language: ptr("Klingonese"), Level: ptr("phd"), Content: ptr("ok")})
	list := ValidationList(err)
	var fields []string
	for _, e := range list {
		fields = append(fields, e.Field)
	}
	if strings.Join(fields, ",") != "title,language,license,level" {
		t.Fatalf("fields %v (%v)", fields, err)
	}
	var first *ValidationError
	if !errors.As(err, &first) || first.Field != "title" || !errors.Is(err, ErrInvalid) {
		t.Errorf("first error %v", first)
	}
	if r.Content != "" {
		t.Errorf("resource changed by a refused create: %+v", r)
	}
	if err := r.ApplyNew(Fields{Title: ptr("T"), Language: ptr("sw"), License: ptr("CC-BY-4.0")}); err != nil || r.Title != "T" {
		t.Errorf("valid create: %v %+v", err, r)
	}
	if ValidationList(errors.New("other")) != nil {
		t.Error("a plain error is no validation list")
	}
}
