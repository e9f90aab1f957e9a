package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// api talks to the JSON API to prepare users and documents.
type api struct {
	base  string
	http  *http.Client
	runID string
}

type user struct {
	Handle string
	Token  string
}

func (a *api) do(ctx context.Context, method, path, token string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encode %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fmt.Errorf("%s %s: read: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, strings.TrimSpace(string(data[:min(len(data), 300)])))
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("%s %s: decode: %w", method, path, err)
		}
	}
	return nil
}

// signup creates user i of this run.
func (a *api) signup(ctx context.Context, i int) (user, error) {
	handle := fmt.Sprintf("lt%s%d", a.runID, i)
	var out struct {
		User  struct{ Handle string } `json:"user"`
		Token string                  `json:"token"`
	}
	err := a.do(ctx, http.MethodPost, "/api/v1/auth/signup", "", map[string]string{
		"handle": handle, "email": handle + "@example.org",
		"password": "bench " + a.runID + " secret phrase", "name": fmt.Sprintf("Load typist %d", i),
	}, &out)
	if err != nil {
		return user{}, err
	}
	return user{Handle: handle, Token: out.Token}, nil
}

// createDoc creates a public resource owned by owner and makes the editors (other than the
// owner) editors of it.
func (a *api) createDoc(ctx context.Context, owner user, editors []user, title, content string) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	err := a.do(ctx, http.MethodPost, "/api/v1/resources", owner.Token, map[string]string{
		"title": title, "language": "en", "license": "CC-BY-4.0", "content": content, "visibility": "public",
	}, &out)
	if err != nil {
		return "", err
	}
	for _, e := range editors {
		if e.Handle == owner.Handle {
			continue
		}
		if err := a.do(ctx, http.MethodPut, "/api/v1/resources/"+out.ID+"/collaborators/"+e.Handle, owner.Token,
			map[string]string{"role": "editor"}, nil); err != nil {
			return "", err
		}
	}
	return out.ID, nil
}

// parallel runs f(0..n-1) on `workers` goroutines and returns the first error.
func parallel(ctx context.Context, n, workers int, f func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
		next  = make(chan int)
	)
	for range min(workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := f(ctx, i); err != nil {
					once.Do(func() { first = err; cancel() })
				}
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

// setupUsers signs up n users (argon2 makes each sign-up cost tens of milliseconds).
func (a *api) setupUsers(ctx context.Context, n int) ([]user, error) {
	users := make([]user, n)
	t0 := time.Now()
	err := parallel(ctx, n, 4, func(ctx context.Context, i int) error {
		u, err := a.signup(ctx, i)
		users[i] = u
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sign up: %w", err)
	}
	logf("signed up %d users in %v", n, time.Since(t0).Round(time.Millisecond))
	return users, nil
}

// setupDocs creates n documents; members(i) lists document i's people, the first its owner
// and the others its editors.
func (a *api) setupDocs(ctx context.Context, n int, members func(i int) []user, content func(i int) string) ([]string, error) {
	ids := make([]string, n)
	t0 := time.Now()
	err := parallel(ctx, n, 8, func(ctx context.Context, i int) error {
		m := members(i)
		id, err := a.createDoc(ctx, m[0], m[1:], fmt.Sprintf("Load test %s document %d", a.runID, i), content(i))
		ids[i] = id
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create documents: %w", err)
	}
	logf("created %d documents (%d editors each) in %v", n, len(members(0))-1, time.Since(t0).Round(time.Millisecond))
	return ids, nil
}

// accountOf is the account typist k of document d signs in as, of nUsers: with as many
// accounts as typists, every typist is a person of their own, as in a school, and the
// server's per-author work (the ops' author index, contributions) sees as many authors as it
// would there; with fewer, the typists share them round the documents.
func accountOf(d, k, perDoc, nUsers int) int { return (d*perDoc + k) % nUsers }

// docMembers lists the accounts of document d's typists, each once; the first owns it.
func docMembers(d, perDoc, nUsers int) []int {
	m := make([]int, 0, min(perDoc, nUsers))
	for k := range min(perDoc, nUsers) {
		m = append(m, accountOf(d, k, perDoc, nUsers))
	}
	return m
}

// everyone is a members function for documents that one set of users shares.
func everyone(users []user) func(int) []user {
	return func(int) []user { return users }
}

// seedText is the starting content of typed documents: prose, BMP characters only (the
// typing model relies on it), about n bytes.
func seedText(n int) string {
	const para = "Open educational resources are teaching materials that anyone may reuse, adapt and share. " +
		"A résumé of the lesson: photosynthesis turns light, water and carbon dioxide into sugar — and oxygen.\n\n"
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(para)
	}
	return strings.ToValidUTF8(b.String()[:n], "")
}

// largeText is a document of about n bytes with headings, prose and a few characters outside
// the BMP, like a long lesson.
func largeText(n int) string {
	var b strings.Builder
	for i := 1; b.Len() < n; i++ {
		fmt.Fprintf(&b, "## Section %d\n\n", i)
		b.WriteString("Water moves through the environment in a cycle: evaporation, condensation, precipitation and collection. 🌧️ ")
		b.WriteString("Students observe, measure and explain; the teacher adapts the résumé to the class. ")
		b.WriteString("Ce paragraphe est traduit en français pour les élèves bilingues. 🙂\n\n")
	}
	// Cut near n; ToValidUTF8 drops a rune cut in half.
	return strings.ToValidUTF8(b.String()[:n], "")
}
