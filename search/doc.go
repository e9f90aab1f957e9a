// Package search holds the language rules of Commonplace's search, free of
// SQL and HTTP: which PostgreSQL text-search configuration a language is
// indexed with, how Chinese, Japanese and Korean text is cut into character
// bigrams (PostgreSQL has no configuration for them), and how a highlighted
// snippet is turned into HTML that user text cannot inject markup into.
package search
